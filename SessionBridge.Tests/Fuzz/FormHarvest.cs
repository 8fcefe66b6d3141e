using AngleSharp.Html.Dom;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Fuzz;

/// <summary>Opens every page as one identity and keeps every form it finds, filled as a user would submit it.</summary>
public static class FormHarvest
{
    public const string BobEmail = "bob@example.com";

    private static readonly string[] s_pages = ["/", "/login", "/account", "/session"];

    public static async Task<(FuzzIdentity Identity, IReadOnlyList<HarvestedForm> Forms)> VisitAsync(
        string name, HtmxBrowser browser, Func<HtmxBrowser, IReadOnlyList<KeyValuePair<string, string>>> cookiesOf)
    {
        ArgumentNullException.ThrowIfNull(browser);
        ArgumentNullException.ThrowIfNull(cookiesOf);
        var pages = new List<HtmxPage>();
        foreach (string path in s_pages)
        {
            pages.Add(await browser.OpenAsync(path));
        }

        var identity = new FuzzIdentity(name, cookiesOf(browser), pages[0].AntiforgeryToken());
        var forms = new List<HarvestedForm>();
        foreach (var page in pages)
        {
            foreach (var form in page.Document.QuerySelectorAll("form[method=post]").OfType<IHtmlFormElement>())
            {
                string action = form.GetAttribute("action") is { Length: > 0 } a ? a : page.Url.PathAndQuery;
                var fields = HtmlForms.DataSet(form).Select(Filled).ToList();
                if (!forms.Any(f => f.Action == action && f.Fields.Select(x => x.Key).SequenceEqual(fields.Select(x => x.Key))))
                {
                    forms.Add(new HarvestedForm(identity, page.Url.PathAndQuery, action, fields, form.GetAttribute("data-hx-target")));
                }
            }
        }

        return (identity, forms);
    }

    // The sign-in form as bob fills it in, so a mutation of another field is what the handler sees.
    private static KeyValuePair<string, string> Filled(KeyValuePair<string, string> field) => field.Key switch
    {
        "email" => new(field.Key, BobEmail),
        "password" => new(field.Key, SessionBridgeApp.BobPassword),
        _ => field,
    };
}
