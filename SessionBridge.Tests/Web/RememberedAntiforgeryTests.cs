using System.Net;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Web;

/// <summary>
/// The app remembers antiforgery pairs it has validated (RememberedAntiforgery): what it remembers is the pair, so a
/// token that was accepted once is still refused with anyone else's cookie, and a refused pair stays refused.
/// </summary>
public sealed class RememberedAntiforgeryTests : IDisposable
{
    private readonly SessionBridgeApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task An_accepted_token_is_refused_with_another_clients_antiforgery_cookie()
    {
        using var victim = _app.NewBrowser();
        string victimToken = (await victim.OpenAsync("/session")).AntiforgeryToken();
        for (int i = 0; i < 2; i++)
        {
            using var saved = await victim.PostSessionValueAsync(victimToken, "displayName", "Vic" + i);
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        using var attacker = _app.NewBrowser();
        await attacker.OpenAsync("/session");
        using var stolen = await attacker.PostSessionValueAsync(victimToken, "displayName", "Mallory");

        Assert.Equal(HttpStatusCode.BadRequest, stolen.StatusCode);
    }

    [Fact]
    public async Task A_refused_token_is_refused_every_time()
    {
        using var browser = _app.NewBrowser();
        string token = (await browser.OpenAsync("/session")).AntiforgeryToken();
        string forged = token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA");

        for (int i = 0; i < 2; i++)
        {
            using var refused = await browser.PostSessionValueAsync(forged, "displayName", "Mallory");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        Assert.Equal(2, _app.Logs.Lines.Count(l => l.Message.Contains("/session/displayName refused (400)", StringComparison.Ordinal)));
    }
}
