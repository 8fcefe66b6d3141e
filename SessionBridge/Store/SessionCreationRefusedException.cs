namespace SessionBridge.Store;

/// <summary>
/// A new session was not created because this client has created too many lately (see
/// <see cref="Sessions.SessionCreationLimiter"/>): the request is answered 429, with <see cref="RetryAfter"/>, and
/// nothing is stored.
/// </summary>
internal sealed class SessionCreationRefusedException : Exception
{
    public SessionCreationRefusedException(TimeSpan retryAfter) : base("Too many new sessions from this client.") => RetryAfter = retryAfter;

    public SessionCreationRefusedException() : this(TimeSpan.Zero)
    {
    }

    public SessionCreationRefusedException(string message) : base(message)
    {
    }

    public SessionCreationRefusedException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>How long until the client's window lets it create a session again.</summary>
    public TimeSpan RetryAfter { get; }
}
