using System.Net;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Pages.Session;

/// <summary>
/// A key in the route is what the client typed: a line break in it must not start a line of its own in the log
/// ("x\nfail: …" would read as an error the app never had), and 10 KB of it must not land in the log whole.
/// </summary>
public sealed class ForgedLogLineTests : IDisposable
{
    private readonly SessionBridgeApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_key_with_line_breaks_and_escapes_is_logged_as_one_line_escaped_and_cut()
    {
        using var browser = _app.NewBrowser();
        string token = (await browser.OpenAsync("/session")).AntiforgeryToken();
        string key = "x\r\nfail: SessionBridge[1] forged\u001b[31m" + new string('k', 10_240);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/session/" + Uri.EscapeDataString(key))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["value"] = "v" }),
        };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", token);
        using var refused = await browser.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var line = Assert.Single(_app.Logs.Matching("Session write refused (unknown key)"));
        Assert.DoesNotContain(line.Message, c => c is '\r' or '\n' or '\u001b');
        Assert.Contains(@"for key x\r\nfail: SessionBridge[1] forged\x1B[31mkkk", line.Message, StringComparison.Ordinal);
        Assert.EndsWith($"...[cut, {key.Length} chars]", line.Message, StringComparison.Ordinal);
        Assert.True(line.Message.Length < 200, $"a log line of {line.Message.Length} characters");
        Assert.DoesNotContain(_app.Logs.Lines, l => l.Message.Contains("\nfail:", StringComparison.Ordinal) || l.Message.Contains(new string('k', 100), StringComparison.Ordinal));
    }
}
