using System.Net;
using SessionBridge.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SessionBridge.Tests.Bridge.Redis;

/// <summary>
/// A rolling deploy signs nobody out and loses nothing: the previous release and this build serve the same users from
/// one Redis at once, and a browser behind the load balancer moves between them at every request. Each story runs in
/// both directions ("previous" → "next" and back). What makes it hold is in the README, "Stored formats and rolling
/// deploys".
/// </summary>
public sealed class RollingDeployTests(RollingDeploy deploy, ITestOutputHelper output) : IClassFixture<RollingDeploy>
{
    private static readonly TimeSpan s_eventTimeout = TimeSpan.FromSeconds(5);

    [SkippableTheory]
    [InlineData("previous", "next")]
    [InlineData("next", "previous")]
    public async Task A_session_signed_in_on_one_release_is_signed_in_on_the_other_and_keeps_what_either_saves(string from, string to)
    {
        var jar = new CookieContainer();
        using var onFrom = RollingDeploy.Browser(deploy.Node(from), jar);
        using var onTo = RollingDeploy.Browser(deploy.Node(to), jar);
        Report();

        var signedIn = await SessionBridgeApp.SignInAsync(onFrom);
        Assert.Equal("/account", signedIn.Url.AbsolutePath);
        string session = onFrom.Cookie(AppTestExtensions.SessionCookie)!;

        var account = await onTo.OpenAsync("/account");
        Assert.Equal(HttpStatusCode.OK, account.Response.StatusCode);
        Assert.Equal("/account", account.Url.AbsolutePath);
        Assert.Equal("alice@example.com", account.Text("#account-email"));
        Assert.NotNull(account.Html("#session-" + RedisNodes.TagOf(session)));

        string token = (await onTo.OpenAsync("/session")).AntiforgeryToken();
        using (var saved = await onTo.PostSessionValueAsync(token, "displayName", "Ada " + to))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        var home = await onFrom.OpenAsync("/");
        Assert.Equal("Hello, Ada " + to, home.Text("#greeting"));
        Assert.Equal("alice@example.com", (await onFrom.OpenAsync("/account")).Text("#account-email"));
        Assert.Equal(session, onFrom.Cookie(AppTestExtensions.SessionCookie));
    }

    [SkippableTheory]
    [InlineData("previous", "next")]
    [InlineData("next", "previous")]
    public async Task A_login_posted_to_one_release_lands_on_the_other(string from, string to)
    {
        var jar = new CookieContainer();
        using var onFrom = RollingDeploy.Browser(deploy.Node(from), jar);
        using var onTo = RollingDeploy.Browser(deploy.Node(to), jar);

        using (var posted = await onFrom.PostLoginOnlyAsync())
        {
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
            Assert.Equal("/account", Assert.Single(posted.Headers.GetValues("HX-Redirect")));
        }

        var account = await onTo.OpenAsync("/account");

        Assert.Equal("/account", account.Url.AbsolutePath);
        Assert.Equal("Welcome, Alice! You are signed in.", account.Text("#flash"));
        Assert.Equal("alice@example.com", account.Text("#account-email"));
        var again = await onFrom.OpenAsync("/account");
        Assert.Equal("/account", again.Url.AbsolutePath);
        Assert.Equal("alice@example.com", again.Text("#account-email"));
        Assert.Null(again.Html("#flash"));
    }

    [SkippableTheory]
    [InlineData("previous", "next")]
    [InlineData("next", "previous")]
    public async Task Saves_on_both_releases_reach_a_stream_on_the_other_and_no_value_is_lost(string from, string to)
    {
        var jar = new CookieContainer();
        using var onFrom = RollingDeploy.Browser(deploy.Node(from), jar);
        using var onTo = RollingDeploy.Browser(deploy.Node(to), jar);
        string token = (await onFrom.OpenAsync("/session")).AntiforgeryToken();
        (await onFrom.PostSessionValueAsync(token, "theme", "dark")).Dispose(); // a visitor's session, made by "from"
        await using var tabOnTo = await EventStreamClient.OpenAsync(onTo);
        await using var tabOnFrom = await EventStreamClient.OpenAsync(onFrom);
        Assert.Equal(HttpStatusCode.OK, tabOnTo.Status);
        Assert.Equal(": connected", await tabOnTo.NextAsync(s_eventTimeout));
        Assert.Equal(": connected", await tabOnFrom.NextAsync(s_eventTimeout));

        using (var saved = await onFrom.PostSessionValueAsync(token, "displayName", "Zed"))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        Assert.Equal("session-changed: displayName", await NextChangeAsync(tabOnTo));
        Assert.Equal("session-changed: displayName", await NextChangeAsync(tabOnFrom));
        using (var saved = await onTo.PostSessionValueAsync(token, "language", "de"))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        Assert.Equal("session-changed: language", await NextChangeAsync(tabOnFrom));
        Assert.Equal("session-changed: language", await NextChangeAsync(tabOnTo));
        (await onTo.PostSessionValueAsync(token, "compactMode", "true")).Dispose();

        foreach (var browser in new[] { onFrom, onTo })
        {
            var table = await browser.OpenAsync("/session");
            Assert.Equal("Zed", table.Element("#value-displayName").GetAttribute("value"));
            Assert.Equal("dark", table.Element("#value-theme option[selected]").GetAttribute("value"));
            Assert.Equal("de", table.Element("#value-language option[selected]").GetAttribute("value"));
            Assert.True(table.Element("#value-compactMode").HasAttribute("checked"));
        }
    }

    [SkippableTheory]
    [InlineData("previous", "next")]
    [InlineData("next", "previous")]
    public async Task A_sign_out_on_one_release_reaches_streams_on_the_other(string from, string to)
    {
        using var phoneOnTo = RollingDeploy.Browser(deploy.Node(to), new CookieContainer());
        await SessionBridgeApp.SignInAsync(phoneOnTo, "bob@example.com", SessionBridgeApp.BobPassword);
        await using var phoneTab = await EventStreamClient.OpenAsync(phoneOnTo);
        Assert.Equal(": connected", await phoneTab.NextAsync(s_eventTimeout));

        var laptopJar = new CookieContainer();
        using var laptopOnFrom = RollingDeploy.Browser(deploy.Node(from), laptopJar);
        using var laptopOnTo = RollingDeploy.Browser(deploy.Node(to), laptopJar);
        var account = await SessionBridgeApp.SignInAsync(laptopOnFrom, "bob@example.com", SessionBridgeApp.BobPassword);
        await using var laptopTab = await EventStreamClient.OpenAsync(laptopOnTo);
        Assert.Equal(": connected", await laptopTab.NextAsync(s_eventTimeout));

        // Sign out everywhere else, then sign this one out: both on "from", both heard on "to".
        var after = await account.SubmitAsync("#revoke-others");
        Assert.StartsWith("Signed out", after.Text("#sessions-region .notice"), StringComparison.Ordinal);
        Assert.Equal("signed-out: ", await phoneTab.NextEventAsync(s_eventTimeout));
        var login = await after.SubmitAsync("form[action='/logout']");
        Assert.Equal("/login", login.Url.AbsolutePath);
        Assert.Equal("signed-out: ", await laptopTab.NextEventAsync(s_eventTimeout));

        Assert.Equal("/login", (await phoneOnTo.OpenAsync("/account")).Url.AbsolutePath);
        Assert.Equal("/login", (await laptopOnTo.OpenAsync("/account")).Url.AbsolutePath);
    }

    /// <summary>The next "session-changed" event (each change also sends the row's own "changed-{key}").</summary>
    private static async Task<string?> NextChangeAsync(EventStreamClient tab)
    {
        while (await tab.NextEventAsync(s_eventTimeout) is { } item)
        {
            if (item.StartsWith("session-changed: ", StringComparison.Ordinal))
            {
                return item;
            }
        }

        return null;
    }

    private void Report()
    {
        output.WriteLine(deploy.BuildTime == TimeSpan.Zero
            ? $"previous release {PreviousRelease.Commit[..7]}: reused the build in {PreviousRelease.Folder}; nodes up in {deploy.StartTime.TotalSeconds:F1} s"
            : $"previous release {PreviousRelease.Commit[..7]}: built in {deploy.BuildTime.TotalSeconds:F1} s; nodes up in {deploy.StartTime.TotalSeconds:F1} s");
    }
}
