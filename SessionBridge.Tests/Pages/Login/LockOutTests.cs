using System.Net;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Pages.Login;

/// <summary>
/// Guessing is limited without handing strangers a lock-out: the tight limit counts one account's tries from one
/// address, and only the looser per-account limit counts all addresses together. A try refused by one limit is counted
/// by none: tries refused by the tight limit do not use up the account's own limit, nor those refused by the account's
/// limit the address's.
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

    [Fact]
    public async Task Tries_refused_by_the_per_account_limit_do_not_use_up_the_addresses_tries()
    {
        using var app = new SessionBridgeApp()
            .WithSetting("LoginRateLimit:PerEmail", "100")
            .WithSetting("LoginRateLimit:PerEmailAllAddresses", "2")
            .WithSetting("LoginRateLimit:PerIp", "3");
        for (int address = 1; address <= 2; address++)
        {
            using var guesser = From("192.0.2." + address.ToString(System.Globalization.CultureInfo.InvariantCulture), app);
            using var wrong = await guesser.PostLoginOnlyAsync(email: "bob@example.com", password: "guess");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        }

        using var shared = From("198.51.100.20", app);
        for (int i = 0; i < 3; i++)
        {
            using var refused = await shared.PostLoginOnlyAsync(email: "bob@example.com", password: "guess" + i);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        }

        // The address still has all of its 3 tries, and no more.
        var statuses = new List<HttpStatusCode>();
        foreach (var (email, password) in new[] { ("dave@example.com", "guess"), ("erin@example.com", "guess"), ("alice@example.com", SessionBridgeApp.AlicePassword) })
        {
            using var other = await shared.PostLoginOnlyAsync(email: email, password: password);
            statuses.Add(other.StatusCode);
        }

        using var next = From("198.51.100.20", app);
        using var carol = await next.PostLoginOnlyAsync(email: "carol@example.com", password: "guess");
        statuses.Add(carol.StatusCode);
        Assert.Equal([HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    /// <summary>A browser whose requests come from <paramref name="address"/> (forwarded by a trusted proxy).</summary>
    private HtmxBrowser From(string address, SessionBridgeApp? app = null)
    {
        var browser = (app ?? _app).NewBrowser();
        browser.Client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return browser;
    }
}
