namespace SessionBridge.Tests.Fuzz;

/// <summary>
/// A broken property. <see cref="Kind"/> names the defect without the request's details (the status, the logged
/// exception type, what changed), so the failures of one run can be told apart and each shrunk on its own.
/// </summary>
public sealed class FuzzFailureException : Exception
{
    public FuzzFailureException()
    {
        Kind = "failure";
    }

    public FuzzFailureException(string message)
        : base(message)
    {
        Kind = message;
    }

    public FuzzFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = message;
    }

    public FuzzFailureException(string kind, string details)
        : base(kind + "\n" + details)
    {
        Kind = kind;
    }

    public string Kind { get; }
}
