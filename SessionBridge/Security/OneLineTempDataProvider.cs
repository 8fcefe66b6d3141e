using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Options;

namespace SessionBridge.Security;

/// <summary>
/// The cookie TempData provider logs a cookie it cannot decrypt (tampered, or from another key ring) as a warning with
/// a stack trace. It is the client's input: the stock log is turned off (see WebExtensions) and this logs one line,
/// and the TempData is empty, as the stock provider leaves it.
/// </summary>
internal sealed class OneLineTempDataProvider(
    ITempDataProvider inner,
    IOptions<CookieTempDataProviderOptions> options,
    ILogger<OneLineTempDataProvider> logger) : ITempDataProvider
{
    public IDictionary<string, object> LoadTempData(HttpContext context)
    {
        var values = inner.LoadTempData(context);

        // The provider deletes its cookie when TempData is empty, so a cookie that yields nothing did not decrypt.
        if (values.Count == 0 && context.Request.Cookies.ContainsKey(options.Value.Cookie.Name!))
        {
            logger.TempDataUnreadable(ClientText.ForLog(context.Request.Path));
        }

        return values;
    }

    public void SaveTempData(HttpContext context, IDictionary<string, object> values) => inner.SaveTempData(context, values);
}
