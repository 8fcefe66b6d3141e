using System.Net;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Pages.Login;

/// <summary>
/// Guessing is limited without handing strangers a lock-out: the tight limit counts one account's tries from one
/// address, and only the looser per-account limit counts all addresses together. Tries refused by the tight limit do
/// not use up the account's own limit.
/// </summary>
public sealed class LockOutTests : IDisposable
{
    private readonly SessionBridgeApp _app = new SessionBridgeApp()
        .WithSetting("LoginRateLimit:PerEmail", "5")
        .WithSetting("LoginRateLimit:PerEmailAllAddresses", "8")
        .WithSetting("LoginRateLimit:PerIp", "100");

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_strangers_wrong_tries_from_one_address_do_not_stop_the_owner_from_another()
    {
        using var stranger = From("203.0.113.66");
        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 12; i++)
        {
            using var wrong = await stranger.PostLoginOnlyAsync(email: "bob@example.com", password: "guess" + i);
            statuses.Add(wrong.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.UnprocessableEntity, 5), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 7)], statuses);

        using var bob = From("198.51.100.7");
        using var owner = await bob.PostLoginOnlyAsync(email: " BOB@example.com ", password: SessionBridgeApp.BobPassword);

        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
        Assert.Equal("/account", Assert.Single(owner.Headers.GetValues("HX-Redirect")));
    }

    [Fact]
    public async Task Guessing_one_account_from_many_addresses_is_stopped_by_the_per_account_limit()
    {
        var statuses = new List<HttpStatusCode>();
        for (int address = 1; address <= 3; address++)
        {
            using var guesser = From("192.0.2." + address.ToString(System.Globalization.CultureInfo.InvariantCulture));
            for (int i = 0; i < 3; i++)
            {
                using var wrong = await guesser.PostLoginOnlyAsync(email: "bob@example.com", password: "guess" + i);
                statuses.Add(wrong.StatusCode);
            }
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.UnprocessableEntity, 8), HttpStatusCode.TooManyRequests], statuses);
    }

    /// <summary>A browser whose requests come from <paramref name="address"/> (forwarded by a trusted proxy).</summary>
    private HtmxBrowser From(string address)
    {
        var browser = _app.NewBrowser();
        browser.Client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return browser;
    }
}
