using System.Net;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Pages.Account;

/// <summary>The session registry on /account: listing, signing out one session, and signing out everywhere else.</summary>
public sealed class RevocationTests : IDisposable
{
    private readonly SessionBridgeApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Account_lists_every_session_of_the_user_with_device_and_marks_this_one()
    {
        using var phone = _app.NewBrowser();
        using var laptop = _app.NewBrowser();
        phone.Client.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (Linux; Android 14) Chrome/130.0 Mobile");
        laptop.Client.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0");
        await SessionBridgeApp.SignInAsync(phone);

        var account = await SessionBridgeApp.SignInAsync(laptop);

        var rows = account.Document.QuerySelectorAll("#sessions tbody tr");
        Assert.Equal(2, rows.Length);
        Assert.Contains("Firefox on Linux", account.Text("#sessions tr.current"), StringComparison.Ordinal);
        Assert.Contains("(this browser)", account.Text("#sessions tr.current"), StringComparison.Ordinal);
        Assert.Contains("Chrome on Android", account.Text("#sessions tbody tr:not(.current)"), StringComparison.Ordinal);
        Assert.Null(account.Html("#sessions tr.current form"));
    }

    [Fact]
    public async Task Signing_out_one_other_session_swaps_the_table_and_refuses_that_session_at_once()
    {
        using var phone = _app.NewBrowser();
        using var laptop = _app.NewBrowser();
        await SessionBridgeApp.SignInAsync(phone);
        var account = await SessionBridgeApp.SignInAsync(laptop);

        var after = await account.SubmitAsync("#sessions tbody tr:not(.current) form");

        Assert.Same(account, after);
        Assert.Single(after.Document.QuerySelectorAll("#sessions tbody tr"));
        Assert.StartsWith("Signed out", after.Text("#sessions-region .notice"), StringComparison.Ordinal);
        Assert.Equal("/login", (await phone.OpenAsync("/session")).Url.AbsolutePath);
        Assert.Equal("alice@example.com", (await laptop.OpenAsync("/account")).Text("#account-email"));
    }

    [Fact]
    public async Task A_session_of_another_user_cannot_be_revoked_by_naming_it()
    {
        using var bob = _app.NewBrowser();
        using var alice = _app.NewBrowser();
        using var aliceLaptop = _app.NewBrowser();
        var bobAccount = await SessionBridgeApp.SignInAsync(bob, "bob@example.com", SessionBridgeApp.BobPassword);
        await SessionBridgeApp.SignInAsync(aliceLaptop);
        var aliceAccount = await SessionBridgeApp.SignInAsync(alice);
        string bobTag = bobAccount.Element("#sessions tr.current").Id!["session-".Length..];

        aliceAccount.Element("#sessions tbody tr:not(.current) input[name=session]").SetAttribute("value", bobTag);
        var after = await aliceAccount.SubmitAsync("#sessions tbody tr:not(.current) form");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, alice.LastRequestTo(HttpMethod.Post, "/account").Status);
        Assert.Equal("That session is not one of your other active sessions.", after.Text("#sessions-error"));
        Assert.Equal("bob@example.com", (await bob.OpenAsync("/account")).Text("#account-email"));
    }

    [Fact]
    public async Task Sign_out_everywhere_else_right_after_login_needs_no_password()
    {
        using var phone = _app.NewBrowser();
        using var tablet = _app.NewBrowser();
        using var laptop = _app.NewBrowser();
        await SessionBridgeApp.SignInAsync(phone);
        await SessionBridgeApp.SignInAsync(tablet);
        var account = await SessionBridgeApp.SignInAsync(laptop);
        Assert.Null(account.Html("#stepup-password"));

        var after = await account.SubmitAsync("#revoke-others");

        Assert.Equal("Signed out 2 other sessions.", after.Text("#sessions-region .notice"));
        Assert.Equal("/login", (await phone.OpenAsync("/account")).Url.AbsolutePath);
        Assert.Equal("/login", (await tablet.OpenAsync("/account")).Url.AbsolutePath);
        Assert.Equal("alice@example.com", (await laptop.OpenAsync("/account")).Text("#account-email"));
    }

    [Fact]
    public async Task Sign_out_everywhere_else_asks_for_the_password_once_the_login_is_older_than_10_minutes()
    {
        using var phone = _app.NewBrowser();
        using var laptop = _app.NewBrowser();
        await SessionBridgeApp.SignInAsync(phone);
        await SessionBridgeApp.SignInAsync(laptop);
        _app.Time.Advance(TimeSpan.FromMinutes(11));
        var account = await laptop.OpenAsync("/account");

        account.Element("#stepup-password").RemoveAttribute("required");
        var refused = await account.SubmitAsync("#revoke-others");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, laptop.LastRequestTo(HttpMethod.Post, "/account").Status);
        Assert.Equal("Enter your password to sign out your other sessions.", refused.Text("#sessions-error"));
        refused.Fill("password", "not-her-password", within: "#revoke-others");
        refused = await refused.SubmitAsync("#revoke-others");
        Assert.Equal("Enter your password to sign out your other sessions.", refused.Text("#sessions-error"));
        Assert.Equal("alice@example.com", (await phone.OpenAsync("/account")).Text("#account-email"));

        refused.Fill("password", SessionBridgeApp.AlicePassword, within: "#revoke-others");
        var done = await refused.SubmitAsync("#revoke-others");

        Assert.Equal("Signed out 1 other session.", done.Text("#sessions-region .notice"));
        Assert.Equal("/login", (await phone.OpenAsync("/account")).Url.AbsolutePath);
    }

    [Fact]
    public async Task Without_JavaScript_revoking_answers_303_back_to_the_account_page()
    {
        using var phone = _app.NewBrowser();
        using var laptop = _app.NewBrowser();
        await SessionBridgeApp.SignInAsync(phone);
        var account = (await SessionBridgeApp.SignInAsync(laptop)).WithoutJavaScript("#sessions tbody tr:not(.current) form");

        var after = await account.SubmitAsync("#sessions tbody tr:not(.current) form");

        Assert.Equal(HttpStatusCode.SeeOther, laptop.LastRequestTo(HttpMethod.Post, "/account").Status);
        Assert.Equal("/account", after.Url.AbsolutePath);
        Assert.Single(after.Document.QuerySelectorAll("#sessions tbody tr"));
    }

    [Fact]
    public async Task Revoking_without_antiforgery_token_is_refused_and_revokes_nothing()
    {
        using var phone = _app.NewBrowser();
        using var laptop = _app.NewBrowser();
        await SessionBridgeApp.SignInAsync(phone);
        await SessionBridgeApp.SignInAsync(laptop);

        using var response = await laptop.Client.PostAsync("/account?handler=revokeOthers", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("alice@example.com", (await phone.OpenAsync("/account")).Text("#account-email"));
    }
}
