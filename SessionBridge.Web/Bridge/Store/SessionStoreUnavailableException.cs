namespace SessionBridge.Web.Bridge.Store;

/// <summary>The backing store could not be reached: the request is answered 503, nothing is reported as saved.</summary>
public sealed class SessionStoreUnavailableException : Exception
{
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
