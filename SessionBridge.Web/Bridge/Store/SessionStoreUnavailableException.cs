namespace SessionBridge.Web.Bridge.Store;

/// <summary>The backing store could not be reached: the request is answered 503, nothing is reported as saved.</summary>
public sealed class SessionStoreUnavailableException : Exception
{
    /// <summary>
    /// What a person is told on the bare 503 page, when even the error page cannot render (the error page itself says it in
    /// the visitor's language: Localization/Strings*.resx, "Error.503").
    /// </summary>
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
