using Htmx;
using Microsoft.AspNetCore.Session;
using Microsoft.Extensions.Options;
using SessionBridge.Store;

namespace SessionBridge.Sessions;

/// <summary>
/// Writes and clears the session cookie when a response starts. The cookie's name and flags are the stock
/// <see cref="SessionOptions"/>' (set in AddSessionBridge); a remembered session's cookie gets a Max-Age that slides with
/// the expiry refresh.
/// </summary>
internal sealed class SessionCookie(IOptions<SessionOptions> sessionOptions, SessionLifetimes lifetimes)
{
    public string Name => sessionOptions.Value.Cookie.Name!;

    /// <summary>What the response says about the cookie, after the request's commit.</summary>
    /// <param name="presented">The cookie value the request came with, if any.</param>
    /// <param name="malformed">That value was not a token we could have issued.</param>
    public void Complete(HttpContext context, BridgeSession session, string? presented, bool malformed)
    {
        string? token = session.NewToken ?? presented;
        if (session.State == SessionState.Active && token is not null && (session.CookieDue || session.NewToken is not null))
        {
            var options = sessionOptions.Value.Cookie.Build(context);
            if (session.Info!.Persistent)
            {
                options.MaxAge = lifetimes.RememberMe;
            }

            context.Response.Cookies.Append(Name, token, options);
        }
        else if (session.EndedHere || malformed)
        {
            // A cookie we never issued cannot belong to another tab's newer session: clear it whatever the request.
            Delete(context);
        }
        else if (session.State != SessionState.Active && presented is not null)
        {
            DeleteStale(context);
        }
    }

    // Tabs share one cookie jar: a fragment or stream request sent with an old cookie may be answered after another
    // tab signed in, and deleting "the" cookie then would delete the new one. Only a full navigation clears it.
    public void DeleteStale(HttpContext context)
    {
        if (!context.Request.IsHtmx() && !SessionRefusal.IsEventStream(context.Request))
        {
            Delete(context);
        }
    }

    private void Delete(HttpContext context) => context.Response.Cookies.Delete(Name, sessionOptions.Value.Cookie.Build(context));
}
