using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using SessionBridge.Events;
using SessionBridge.Keys;
using SessionBridge.Sessions;

namespace SessionBridge.Web.Pages.Session;

/// <summary>
/// Renders, for the live channel of a tab, what its page shows of a key another tab changed (<see cref="KeyShown"/>,
/// the same markup a save's answer carries), so the tab swaps it in and asks for nothing. The language is the
/// exception: a change of it re-renders the whole page, which asks for it (site.js).
/// </summary>
public sealed class LiveChangeRenderer(
    IRazorViewEngine views,
    ITempDataDictionaryFactory tempData,
    IModelMetadataProvider metadata,
    IWebHostEnvironment environment,
    SessionDataTable table) : ISessionChangeRenderer
{
    private const string View = "/Pages/Shared/_KeyShown.cshtml";

    public async Task<string> RenderAsync(HttpContext context, SessionKey key, string page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(key);
        if (key.Name == AppSessionKeys.Language)
        {
            return string.Empty;
        }

        // The stream took the page's language when it opened; one chosen since, in any tab, is the session's now.
        if (table.Read(context.Session, AppSessionKeys.Language) is { UpdatedAt: not null } language)
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language.Value);
        }

        bool rows = KeyShown.ShowsRows(page);
        var shown = new KeyShown(
            table.Read(context.Session, key.Name)!,
            page,
            WithRow: rows,
            rows && environment.IsDevelopment() ? await context.BridgeSession().DescribeAsync(cancellationToken) : null);
        if (!shown.Any)
        {
            return string.Empty;
        }

        var view = views.GetView(executingFilePath: null, View, isMainPage: false).EnsureSuccessful(originalLocations: null).View!;
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var viewContext = new ViewContext(
            new ActionContext(context, context.GetRouteData(), new ActionDescriptor()),
            view,
            new ViewDataDictionary<KeyShown>(metadata, new ModelStateDictionary()) { Model = shown },
            tempData.GetTempData(context),
            writer,
            new HtmlHelperOptions());
        await view.RenderAsync(viewContext);
        return writer.ToString();
    }
}
