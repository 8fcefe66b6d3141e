namespace SessionBridge.Web.Bridge.Store;

/// <summary>The backing store could not be reached: the request is answered 503, nothing is reported as saved.</summary>
public sealed class SessionStoreUnavailableException : Exception
{
    /// <summary>What a person is told when the store is unavailable (the 503 page, and the bare one when even it cannot render).</summary>
    public const string UserMessage = "The session store is unavailable right now. Nothing was changed; try again in a few seconds.";

    public SessionStoreUnavailableException()
    {
    }

    public SessionStoreUnavailableException(string message) : base(message)
    {
    }

    public SessionStoreUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
