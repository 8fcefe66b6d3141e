using AngleSharp.Html.Dom;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Fuzz;

/// <summary>
/// Alice, signed in with a value of her own in every session key, and what her own browser shows of it: the session
/// table and the account page (her email, her sessions). Reading them also proves the app still serves pages.
/// </summary>
public sealed class FuzzVictim
{
    private readonly HtmxBrowser _browser;
    private string _view = "";

    private FuzzVictim(HtmxBrowser browser, IReadOnlyList<KeyValuePair<string, string>> cookies, string token, string sessionTag)
    {
        _browser = browser;
        Cookies = cookies;
        Token = token;
        SessionTag = sessionTag;
    }

    public IReadOnlyList<KeyValuePair<string, string>> Cookies { get; }

    /// <summary>The antiforgery request token that goes with her antiforgery cookie.</summary>
    public string Token { get; }

    /// <summary>Her session's tag, as the account page names it (what a revoke form posts).</summary>
    public string SessionTag { get; }

    public static async Task<FuzzVictim> SignInAsync(HtmxBrowser browser, Func<HtmxBrowser, IReadOnlyList<KeyValuePair<string, string>>> cookiesOf)
    {
        ArgumentNullException.ThrowIfNull(browser);
        ArgumentNullException.ThrowIfNull(cookiesOf);
        await SessionBridgeApp.SignInAsync(browser);
        string token = (await browser.OpenAsync("/session")).AntiforgeryToken();
        foreach (var (key, value) in new[] { ("displayName", "Alice the victim ✓"), ("theme", "dark"), ("language", "fr"), ("compactMode", "true") })
        {
            using var saved = await browser.PostSessionValueAsync(token, key, value);
            saved.EnsureSuccessStatusCode();
        }

        var account = await browser.OpenAsync("/account");
        string tag = account.Element("#sessions tr.current").Id!["session-".Length..];
        var victim = new FuzzVictim(browser, cookiesOf(browser), token, tag);
        victim._view = await victim.ReadAsync();
        return victim;
    }

    /// <summary>Fails with <see cref="FuzzRun.VictimChanged"/> unless her pages show what they showed after sign-in.</summary>
    public async Task CheckUnchangedAsync(string details)
    {
        string now = await ReadAsync();
        if (now != _view)
        {
            throw new FuzzFailureException(FuzzRun.VictimChanged, $"before:\n{_view}\nafter:\n{now}\n{details}");
        }
    }

    private async Task<string> ReadAsync()
    {
        var table = await _browser.OpenAsync("/session");
        var account = await _browser.OpenAsync("/account");
        var rows = table.Document.QuerySelectorAll("#session-table tr[id^=row-]").Select(row =>
        {
            var control = row.QuerySelector("select[name=value] option[selected], input[name=value]:not([type=hidden])");
            string value = control switch
            {
                IHtmlInputElement { Type: "checkbox" } box => box.IsChecked ? "checked" : "unchecked",
                IHtmlInputElement input => input.Value,
                IHtmlOptionElement option => option.Value,
                _ => "?",
            };
            return $"{row.Id}={value} (updated {row.QuerySelector("time")?.GetAttribute("datetime") ?? "never"})";
        });
        var sessions = account.Document.QuerySelectorAll("#sessions tbody tr").Select(r => r.Id).Order(StringComparer.Ordinal);
        return $"GET /session: {(int)table.Response.StatusCode} at {table.Url.AbsolutePath}: {string.Join(", ", rows)}\n"
            + $"GET /account: {(int)account.Response.StatusCode} at {account.Url.AbsolutePath}: {account.Text("#account-email")}, sessions {string.Join(" ", sessions)}";
    }
}
