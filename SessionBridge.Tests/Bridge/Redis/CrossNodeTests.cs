using System.Net;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Bridge.Redis;

/// <summary>
/// Any number of identical nodes behind a load balancer without sticky sessions: one browser, whose
/// cookie jar goes with it, moves between node A and node B, and everything it has on one node it has on the other:
/// the login handoff, the session data, revocation and live events. Run on one Redis (<see cref="TwoNodeTests"/>) and on a
/// Redis Cluster (<see cref="ClusterTwoNodeTests"/>).
/// </summary>
public abstract class CrossNodeTests(ITwoNodes nodes)
{
    private static readonly TimeSpan s_eventTimeout = TimeSpan.FromSeconds(5);

    [SkippableFact]
    public async Task Login_handoff_written_by_node_A_is_consumed_by_node_B_which_shows_the_welcome_flash()
    {
        var jar = new CookieContainer();
        using var onA = RedisNodes.Browser(nodes.A, jar);
        using var onB = RedisNodes.Browser(nodes.B, jar);
        string[] handoffsBefore = await nodes.KeysAsync("sb:handoff:*");

        using (var posted = await onA.PostLoginOnlyAsync())
        {
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
            Assert.Equal("/account", Assert.Single(posted.Headers.GetValues("HX-Redirect")));
        }

        Assert.NotNull(onA.Cookie(AppTestExtensions.TempDataCookie));

        // The handoff's id in the shared IDistributedCache, for a landing on a node of the release before.
        Assert.Single((await nodes.KeysAsync("sb:handoff:*")).Except(handoffsBefore));
        using var copy = RedisNodes.Browser(nodes.A, new CookieContainer());
        copy.CopyCookiesFrom(onA);

        // The TempData cookie protected by A's Data Protection keys opens on B; the pre-login session A created is
        // rotated by B, which uses the handoff up: the same cookies replayed on A sign nobody in.
        var account = await onB.OpenAsync("/account");
        var replayed = await copy.OpenAsync("/account");

        Assert.Equal("/account", account.Url.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, account.Response.StatusCode);
        Assert.Equal("Welcome, Alice! You are signed in.", account.Text("#flash"));
        Assert.Equal("alice@example.com", account.Text("#account-email"));
        Assert.Equal("/login", replayed.Url.AbsolutePath);
        Assert.Null(replayed.Html("#account-email"));

        // And back on A: the session B rotated to is signed in there too, and the flash was shown once only.
        var again = await onA.OpenAsync("/account");
        Assert.Equal("/account", again.Url.AbsolutePath);
        Assert.Equal("alice@example.com", again.Text("#account-email"));
        Assert.Null(again.Html("#flash"));
    }

    [SkippableFact]
    public async Task A_key_written_on_node_A_is_read_on_node_B_in_the_table_and_on_the_first_byte_of_the_page()
    {
        var jar = new CookieContainer();
        using var onA = RedisNodes.Browser(nodes.A, jar);
        using var onB = RedisNodes.Browser(nodes.B, jar);

        // The antiforgery cookie and token come from B; A accepts them (one Data Protection key ring in Redis).
        string token = (await onB.OpenAsync("/session")).AntiforgeryToken();
        using (var theme = await onA.PostSessionValueAsync(token, "theme", "dark"))
        {
            Assert.Equal(HttpStatusCode.OK, theme.StatusCode);
        }

        using (var name = await onA.PostSessionValueAsync(token, "displayName", "Zed"))
        {
            Assert.Equal(HttpStatusCode.OK, name.StatusCode);
        }

        var home = await onB.OpenAsync("/");
        Assert.Equal("dark", home.Document.DocumentElement.GetAttribute("data-theme"));
        Assert.Equal("Hello, Zed", home.Text("#greeting"));

        var table = await onB.OpenAsync("/session");
        Assert.Equal("Zed", table.Element("#value-displayName").GetAttribute("value"));
        Assert.Equal("dark", table.Element("#value-theme option[selected]").GetAttribute("value"));
        Assert.Equal("redis", table.Text("#store-inspector [data-field=kind]"));
    }

    [SkippableFact]
    public async Task A_session_cookie_made_by_node_A_opens_the_same_session_on_node_B()
    {
        using var onA = RedisNodes.Browser(nodes.A, new CookieContainer());
        string token = (await onA.OpenAsync("/session")).AntiforgeryToken();
        (await onA.PostSessionValueAsync(token, "theme", "light")).Dispose();
        (await onA.PostSessionValueAsync(token, "displayName", "Ada")).Dispose();
        string cookie = onA.Cookie(AppTestExtensions.SessionCookie)!;
        var tableOnA = await onA.OpenAsync("/session");

        // A browser that has nothing but that cookie, on the other node.
        using var onB = RedisNodes.Browser(nodes.B, new CookieContainer());
        onB.SetCookie(AppTestExtensions.SessionCookie, cookie);
        var home = await onB.OpenAsync("/");
        var tableOnB = await onB.OpenAsync("/session");

        Assert.Equal(HttpStatusCode.OK, home.Response.StatusCode);
        Assert.Equal("light", home.Document.DocumentElement.GetAttribute("data-theme"));
        Assert.Equal("Hello, Ada", home.Text("#greeting"));
        Assert.Equal(RedisNodes.TagOf(cookie), tableOnB.Text("#store-inspector [data-field=session]"));
        Assert.Equal(tableOnA.Text("#store-inspector [data-field=session]"), tableOnB.Text("#store-inspector [data-field=session]"));
        Assert.Equal(cookie, onB.Cookie(AppTestExtensions.SessionCookie));
    }

    [SkippableFact]
    public async Task A_session_revoked_on_node_B_is_refused_on_node_A_for_a_page_and_for_a_fragment()
    {
        using var phoneOnA = RedisNodes.Browser(nodes.A, new CookieContainer());
        await SessionBridgeApp.SignInAsync(phoneOnA);
        string phone = phoneOnA.Cookie(AppTestExtensions.SessionCookie)!;
        using var rawA = RedisNodes.RawClient(nodes.A);
        using (var before = await RedisNodes.GetWithSessionAsync(rawA, "/account", phone, htmx: false))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var laptopOnB = RedisNodes.Browser(nodes.B, new CookieContainer());
        var account = await SessionBridgeApp.SignInAsync(laptopOnB);
        string phoneRow = "#session-" + RedisNodes.TagOf(phone);
        Assert.NotNull(account.Html(phoneRow)); // B lists the session A signed in (the user's index is in Redis)

        var after = await account.SubmitAsync(phoneRow + " form");

        Assert.StartsWith("Signed out", after.Text("#sessions-region .notice"), StringComparison.Ordinal);
        Assert.Null(after.Html(phoneRow));
        using (var page = await RedisNodes.GetWithSessionAsync(rawA, "/account", phone, htmx: false))
        {
            Assert.Equal(HttpStatusCode.SeeOther, page.StatusCode);
            Assert.Equal("/login?reason=session-ended", page.Headers.Location?.OriginalString);
        }

        using (var fragment = await RedisNodes.GetWithSessionAsync(rawA, "/header/greeting", phone, htmx: true))
        {
            Assert.Equal(HttpStatusCode.OK, fragment.StatusCode);
            Assert.Equal("/login?reason=session-ended", Assert.Single(fragment.Headers.GetValues("HX-Redirect")));
            Assert.Empty(await fragment.Content.ReadAsStringAsync());
        }

        Assert.Equal("alice@example.com", (await laptopOnB.OpenAsync("/account")).Text("#account-email"));
    }

    [SkippableFact]
    public async Task A_change_on_node_A_reaches_an_event_stream_opened_on_node_B()
    {
        var jar = new CookieContainer();
        using var onA = RedisNodes.Browser(nodes.A, jar);
        using var onB = RedisNodes.Browser(nodes.B, jar);
        string token = (await onA.OpenAsync("/session")).AntiforgeryToken();
        (await onA.PostSessionValueAsync(token, "theme", "light")).Dispose();
        await using var tabOnB = await EventStreamClient.OpenAsync(onB);
        Assert.Equal(HttpStatusCode.OK, tabOnB.Status);
        Assert.Equal(": connected", await tabOnB.NextAsync(s_eventTimeout));

        (await onA.PostSessionValueAsync(token, "displayName", "Zed")).Dispose();

        Assert.Equal("session-changed: displayName", await tabOnB.NextEventAsync(s_eventTimeout));
        string? rendered = await tabOnB.NextEventAsync(s_eventTimeout); // B renders the greeting from the session it loaded
        Assert.StartsWith("session-rendered: <template>", rendered, StringComparison.Ordinal);
        Assert.Contains("Zed", rendered, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Signing_out_everywhere_else_on_node_A_sends_signed_out_to_a_stream_on_node_B()
    {
        using var phoneOnB = RedisNodes.Browser(nodes.B, new CookieContainer());
        await SessionBridgeApp.SignInAsync(phoneOnB);
        await using var phoneTab = await EventStreamClient.OpenAsync(phoneOnB);
        Assert.Equal(": connected", await phoneTab.NextAsync(s_eventTimeout));

        using var laptopOnA = RedisNodes.Browser(nodes.A, new CookieContainer());
        var account = await SessionBridgeApp.SignInAsync(laptopOnA);
        var after = await account.SubmitAsync("#revoke-others");

        Assert.StartsWith("Signed out", after.Text("#sessions-region .notice"), StringComparison.Ordinal);
        Assert.Equal("signed-out: ", await phoneTab.NextEventAsync(s_eventTimeout));
        Assert.Null(await phoneTab.NextAsync(s_eventTimeout));
        await using var reconnect = await EventStreamClient.OpenAsync(phoneOnB);
        Assert.Equal(HttpStatusCode.NoContent, reconnect.Status);
    }
}
