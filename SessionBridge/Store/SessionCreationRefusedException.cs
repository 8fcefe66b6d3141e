namespace SessionBridge.Store;

/// <summary>
/// A new session was not created because this client has created too many lately (see
/// <see cref="Sessions.SessionCreationLimiter"/>): the request is answered 429 and nothing is stored.
/// </summary>
internal sealed class SessionCreationRefusedException : Exception
{
    public SessionCreationRefusedException() : base("Too many new sessions from this client.")
    {
    }

    public SessionCreationRefusedException(string message) : base(message)
    {
    }

    public SessionCreationRefusedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
