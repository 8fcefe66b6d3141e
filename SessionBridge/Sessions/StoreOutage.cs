using SessionBridge.Store;

namespace SessionBridge.Sessions;

/// <summary>
/// A store that cannot be reached is answered 503 with Retry-After, and the app's status page says so. Not only our
/// own exception counts: with Redis down, Data Protection's key ring (antiforgery tokens, TempData) and RedisCache
/// (the login handoff) throw StackExchange.Redis exceptions of their own, which are the same outage.
/// </summary>
internal static class StoreOutage
{
    public static bool Is(Exception ex) => ex is SessionStoreUnavailableException || RedisFailure.IsRedisFailure(ex);

    public static void Answer(HttpContext context, ILogger logger, Exception ex)
    {
        logger.StoreUnavailable(context.Request.Path, RedisFailure.Reason(ex));
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "5";
    }
}
