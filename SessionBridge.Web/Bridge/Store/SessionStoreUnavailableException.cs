namespace SessionBridge.Web.Bridge.Store;

/// <summary>The backing store could not be reached: the request is answered 503, nothing is reported as saved.</summary>
public sealed class SessionStoreUnavailableException : Exception
{
    /// <summary>What a person is told when a page or fragment could not be read because the store is unavailable.</summary>
    public const string LoadFailedMessage = "Could not load: the session store is unavailable right now. Try again in a few seconds.";

    /// <summary>What a person is told when something they sent was not saved because the store is unavailable.</summary>
    public const string NotSavedMessage = "Not saved: the session store is unavailable right now. Try again in a few seconds.";

    /// <summary>
    /// The message for a request of this method (the 503 page, and the bare one when even it cannot render): a read
    /// could not load, anything else was not saved.
    /// </summary>
    public static string UserMessageFor(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? LoadFailedMessage : NotSavedMessage;

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
