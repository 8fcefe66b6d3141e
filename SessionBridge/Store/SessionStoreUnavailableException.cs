namespace SessionBridge.Store;

/// <summary>The backing store could not be reached: the request is answered 503, nothing is reported as saved.</summary>
public sealed class SessionStoreUnavailableException : Exception
{
    // The bare 503 page, when even the error page cannot render, is in English; the error page itself says the same in
    // the visitor's language (Localization/Strings*.resx, "Error.503.Load" and "Error.503.Save").

    /// <summary>What a person is told when a page or fragment could not be read because the store is unavailable.</summary>
    public const string LoadFailedMessage = "Could not load: the session store is unavailable right now. Try again in a few seconds.";

    /// <summary>What a person is told when something they sent was not saved because the store is unavailable.</summary>
    public const string NotSavedMessage = "Not saved: the session store is unavailable right now. Try again in a few seconds.";

    /// <summary>True for a request that only reads (its failure "could not load"); any other "was not saved".</summary>
    public static bool IsRead(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method);

    /// <summary>The bare page's message for a request of this method.</summary>
    public static string UserMessageFor(string method) => IsRead(method) ? LoadFailedMessage : NotSavedMessage;

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
