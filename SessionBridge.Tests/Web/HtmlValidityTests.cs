using System.Diagnostics;
using System.Text.Json;
using SessionBridge.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SessionBridge.Tests.Web;

/// <summary>
/// Every page and every fragment is valid HTML by the Nu HTML Checker (vnu.jar, run once over all of them).
/// A fragment is checked inside a minimal document, in the context htmx swaps it into (a row inside a table).
/// </summary>
public sealed class HtmlValidityTests(ITestOutputHelper output) : IDisposable
{
    private readonly SessionBridgeApp _app = new();

    public void Dispose() => _app.Dispose();

    [SkippableFact]
    public async Task Pages_and_fragments_pass_the_Nu_HTML_Checker()
    {
        var (java, jar) = RequiredTool.Vnu();
        var documents = await CollectAsync();
        string folder = Directory.CreateTempSubdirectory("sb-vnu-").FullName;
        try
        {
            var files = documents.Select((document, i) =>
            {
                string path = Path.Combine(folder, $"{i:00}-{document.Name}.html");
                File.WriteAllText(path, document.Html);
                return path;
            }).ToList();

            var messages = await CheckAsync(java, jar, files);

            foreach (string message in messages)
            {
                output.WriteLine(message);
            }

            Assert.True(messages.Count == 0, $"{messages.Count} HTML problems:\n" + string.Join("\n", messages));
            Assert.True(documents.Count >= 14, "fewer documents were checked than expected");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task<List<(string Name, string Html)>> CollectAsync()
    {
        var documents = new List<(string Name, string Html)>();
        using var visitor = _app.NewBrowser();
        using var phone = _app.NewBrowser();
        using var alice = _app.NewBrowser();

        documents.Add(("home", await PageAsync(visitor, "/")));
        documents.Add(("login", await PageAsync(visitor, "/login?reason=session-ended")));
        documents.Add(("not-found", await PageAsync(visitor, "/no-such-page/at-all")));
        var session = await visitor.OpenAsync("/session");
        string token = session.AntiforgeryToken();
        // A save answers its row's "Updated" cell: a fragment that stands in a table row.
        using (var row = await visitor.PostSessionValueAsync(token, "theme", "dark"))
        {
            documents.Add(("updated-cell-saved", Wrap("<tr>" + await row.Content.ReadAsStringAsync() + "</tr>", table: true)));
        }

        using (var invalid = await visitor.PostSessionValueAsync(token, "displayName", new string('x', 41)))
        {
            documents.Add(("row-invalid", Wrap(await invalid.Content.ReadAsStringAsync(), table: true)));
        }

        using (var unknown = await visitor.PostSessionValueAsync(token, "isAdmin", "true"))
        {
            documents.Add(("alert-unknown-key", Wrap(await unknown.Content.ReadAsStringAsync())));
        }

        documents.Add(("session", await PageAsync(visitor, "/session")));
        documents.Add(("greeting", Wrap(await FragmentAsync(visitor, "/header/greeting"))));
        documents.Add(("theme-switch", Wrap(await FragmentAsync(visitor, "/header/theme"))));
        documents.Add(("row", Wrap(await FragmentAsync(visitor, "/session/compactMode"), table: true)));

        using (var wrongPassword = await visitor.PostLoginOnlyAsync(password: "wrong"))
        {
            documents.Add(("login-form-error", Wrap(await wrongPassword.Content.ReadAsStringAsync())));
        }

        await SessionBridgeApp.SignInAsync(phone);
        var account = await SessionBridgeApp.SignInAsync(alice);
        documents.Add(("account-welcome", "<!DOCTYPE html>" + account.Document.DocumentElement.OuterHtml));
        _app.Time.Advance(TimeSpan.FromMinutes(11));
        documents.Add(("account-step-up", await PageAsync(alice, "/account")));
        account = await alice.OpenAsync("/account");
        account.Element("#stepup-password").RemoveAttribute("required");
        await account.SubmitAsync("#revoke-others");
        documents.Add(("sessions-region-error", Wrap(account.Html("#sessions-region")!)));
        account = await alice.OpenAsync("/account");
        await account.SubmitAsync("#sessions tbody tr:not(.current) form");
        documents.Add(("sessions-region-revoke-confirm", Wrap(account.Html("#sessions-region")!)));
        return documents;
    }

    private static async Task<string> PageAsync(HtmxBrowser browser, string url)
    {
        using var response = await browser.Client.GetAsync(url);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<string> FragmentAsync(HtmxBrowser browser, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("HX-Request", "true");
        using var response = await browser.Client.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    private static string Wrap(string fragment, bool table = false) =>
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>fragment</title></head><body>"
        + (table ? "<table><tbody>" + fragment + "</tbody></table>" : fragment)
        + "</body></html>";

    private static async Task<List<string>> CheckAsync(string java, string jar, IReadOnlyList<string> files)
    {
        var start = new ProcessStartInfo(java) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in new[] { "-jar", jar, "--format", "json", "--exit-zero-always" }.Concat(files))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string json = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await stdout;

        // "info" messages are advice (e.g. the trailing slash ASP.NET writes on its hidden antiforgery input).
        using var report = JsonDocument.Parse(json);
        return [.. report.RootElement.GetProperty("messages").EnumerateArray().Where(m => m.GetProperty("type").GetString() != "info").Select(m =>
            $"{Path.GetFileName(m.GetProperty("url").GetString())}:{(m.TryGetProperty("lastLine", out var line) ? line.GetInt32() : 0)}: "
            + $"{m.GetProperty("type").GetString()}: {m.GetProperty("message").GetString()}"
            + (m.TryGetProperty("extract", out var extract) ? $"  «{extract.GetString()}»" : string.Empty))];
    }
}
