using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Localization;
using SessionBridge.Keys;
using SessionBridge.Web.Pages.Session;

namespace SessionBridge.Web.Localization;

/// <summary>
/// The language the visitor chose in the session data table. It reads the session SessionBridgeMiddleware has
/// already loaded (so it runs after it in the pipeline) and costs no store round trip. A language never chosen (the
/// row still at its default) gives no answer, so the next provider, Accept-Language, decides.
/// </summary>
public sealed class SessionLanguageCultureProvider(SessionDataTable table) : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);

        // Static files and /healthz run without a session.
        if (httpContext.Features.Get<ISessionFeature>()?.Session is { } session
            && table.Read(session, AppSessionKeys.Language) is { UpdatedAt: not null } chosen)
        {
            return Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(chosen.Value));
        }

        return NullProviderCultureResult;
    }
}
