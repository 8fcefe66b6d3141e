namespace SessionBridge.Store;

/// <summary>The session was revoked, signed out or expired while the request was using it.</summary>
internal sealed class SessionEndedException : Exception
{
    public SessionEndedException() : base("The session has ended.")
    {
    }

    public SessionEndedException(string message) : base(message)
    {
    }

    public SessionEndedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
