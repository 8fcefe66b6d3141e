using System.Globalization;
using System.Net;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Pages.Account;

/// <summary>
/// The guarded actions on /account (sign out one device, sign out everywhere else) ask for the password once the login
/// is older than "Account:StepUpWindow", and every password try counts against the sign-in limits: 429 with
/// Retry-After and a message, and nothing signed out.
/// </summary>
public sealed class StepUpTests : IDisposable
{
    private readonly SessionBridgeApp _app = new SessionBridgeApp()
        .WithSetting("LoginRateLimit:PerEmail", "3")
        .WithSetting("LoginRateLimit:PerEmailAllAddresses", "100")
        .WithSetting("LoginRateLimit:PerIp", "100");

    private readonly List<HtmxBrowser> _devices = [];
    private int _addresses;

    public void Dispose()
    {
        foreach (var device in _devices)
        {
            device.Dispose();
        }

        _app.Dispose();
    }

    [Fact]
    public async Task Signing_out_one_device_outside_the_step_up_window_asks_for_the_password()
    {
        var (phone, laptop) = await SignedInOnTwoDevicesPastTheWindowAsync();
        var account = await laptop.OpenAsync("/account");

        var asked = await account.SubmitAsync("#sessions tbody tr:not(.current) form");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, laptop.LastRequestTo(HttpMethod.Post, "/account").Status);
        Assert.Equal("Enter your password to sign out that session.", asked.Text("#sessions-error"));
        Assert.Equal("alice@example.com", (await phone.OpenAsync("/account")).Text("#account-email"));

        asked.Fill("password", "not-her-password", within: "#revoke-confirm");
        var wrong = await asked.SubmitAsync("#revoke-confirm");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, laptop.LastRequestTo(HttpMethod.Post, "/account").Status);
        Assert.Equal("Enter your password to sign out that session.", wrong.Text("#sessions-error"));
        Assert.Equal("alice@example.com", (await phone.OpenAsync("/account")).Text("#account-email"));

        wrong.Fill("password", SessionBridgeApp.AlicePassword, within: "#revoke-confirm");
        var done = await wrong.SubmitAsync("#revoke-confirm");

        Assert.StartsWith("Signed out", done.Text("#sessions-region .notice"), StringComparison.Ordinal);
        Assert.Single(done.Document.QuerySelectorAll("#sessions tbody tr"));
        Assert.Equal("/login", (await phone.OpenAsync("/account")).Url.AbsolutePath);
    }

    [Fact]
    public async Task Revoking_every_other_session_by_its_handle_without_the_password_signs_out_nobody()
    {
        var others = new List<HtmxBrowser>();
        for (int i = 0; i < 4; i++)
        {
            var device = Device();
            others.Add(device);
            await SessionBridgeApp.SignInAsync(device);
        }

        using var laptop = Device();
        await SessionBridgeApp.SignInAsync(laptop);
        _app.Time.Advance(TimeSpan.FromMinutes(11));
        var account = await laptop.OpenAsync("/account");
        string[] handles = [.. account.Document.QuerySelectorAll("#sessions tbody tr:not(.current) input[name=session]").Select(i => i.GetAttribute("value")!)];
        Assert.Equal(4, handles.Length);

        foreach (string handle in handles)
        {
            using var revoke = await PostAccountAsync(laptop, account, "revoke", new() { ["session"] = handle });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, revoke.StatusCode);
        }

        foreach (var device in others)
        {
            Assert.Equal("alice@example.com", (await device.OpenAsync("/account")).Text("#account-email"));
            device.Dispose();
        }
    }

    [Fact]
    public async Task Step_up_password_tries_are_limited_with_429_Retry_After_and_a_message_and_sign_out_nobody()
    {
        var (phone, laptop) = await SignedInOnTwoDevicesPastTheWindowAsync();
        var account = await laptop.OpenAsync("/account");

        // Her sign-in on the laptop was the first of the 3 tries its address has.
        for (int i = 0; i < 2; i++)
        {
            using var wrong = await PostAccountAsync(laptop, account, "revokeOthers", new() { ["password"] = "guess" + i });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        }

        using (var page = await PostAccountAsync(laptop, account, "revokeOthers", new() { ["password"] = SessionBridgeApp.AlicePassword }, htmx: false))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
            Assert.InRange(int.Parse(page.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture), 1, 60);
            Assert.Contains("Too many password attempts. Wait a minute and try again.", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        account.Fill("password", SessionBridgeApp.AlicePassword, within: "#revoke-others");
        var fragment = await account.SubmitAsync("#revoke-others");
        Assert.Equal(HttpStatusCode.TooManyRequests, laptop.LastRequestTo(HttpMethod.Post, "/account").Status);
        Assert.Equal("Too many password attempts. Wait a minute and try again.", fragment.Text("#sessions-error"));

        var one = await fragment.SubmitAsync("#sessions tbody tr:not(.current) form");
        one.Fill("password", SessionBridgeApp.AlicePassword, within: "#revoke-confirm");
        one = await one.SubmitAsync("#revoke-confirm");
        Assert.Equal(HttpStatusCode.TooManyRequests, laptop.LastRequestTo(HttpMethod.Post, "/account").Status);
        Assert.Equal("Too many password attempts. Wait a minute and try again.", one.Text("#sessions-error"));

        Assert.Equal(2, (await laptop.OpenAsync("/account")).Document.QuerySelectorAll("#sessions tbody tr").Length);
        Assert.Equal("alice@example.com", (await phone.OpenAsync("/account")).Text("#account-email"));
    }

    [Fact]
    public async Task Sign_in_tries_and_step_up_tries_count_against_the_same_limit()
    {
        var (_, laptop) = await SignedInOnTwoDevicesPastTheWindowAsync();

        // Her sign-in on the laptop, a wrong sign-in from the laptop's address, then a wrong re-check: the limit of 3 is spent.
        using var other = _app.NewBrowser();
        other.Client.DefaultRequestHeaders.Add("X-Forwarded-For", laptop.Client.DefaultRequestHeaders.GetValues("X-Forwarded-For").Single());
        (await other.PostLoginOnlyAsync(password: "guess1")).Dispose();
        var account = await laptop.OpenAsync("/account");
        using (var wrong = await PostAccountAsync(laptop, account, "revokeOthers", new() { ["password"] = "guess3" }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        }

        using var refused = await PostAccountAsync(laptop, account, "revokeOthers", new() { ["password"] = SessionBridgeApp.AlicePassword });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        using var signIn = await other.PostLoginOnlyAsync();
        Assert.Equal(HttpStatusCode.TooManyRequests, signIn.StatusCode);
    }

    [Fact]
    public async Task The_step_up_window_is_the_Account_StepUpWindow_setting()
    {
        using var app = new SessionBridgeApp().WithSetting("Account:StepUpWindow", "00:02:00");
        using var phone = app.NewBrowser();
        using var laptop = app.NewBrowser();
        await SessionBridgeApp.SignInAsync(phone);
        await SessionBridgeApp.SignInAsync(laptop);

        app.Time.Advance(TimeSpan.FromSeconds(110));
        Assert.Null((await laptop.OpenAsync("/account")).Html("#stepup-password"));

        app.Time.Advance(TimeSpan.FromSeconds(20));
        var account = await laptop.OpenAsync("/account");
        Assert.NotNull(account.Html("#stepup-password"));
        var asked = await account.SubmitAsync("#sessions tbody tr:not(.current) form");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, laptop.LastRequestTo(HttpMethod.Post, "/account").Status);
        Assert.NotNull(asked.Html("#revoke-password"));
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:05:00")]
    public void A_step_up_window_that_is_not_positive_stops_the_app_with_a_message_naming_the_key(string window)
    {
        using var app = new SessionBridgeApp().WithSetting("Account:StepUpWindow", window);

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains("Account:StepUpWindow must be a positive duration", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// A browser of its own address (forwarded by a trusted proxy): signing in is a password try too, so each device
    /// spends its own address's tries and the laptop's count starts at its one sign-in.
    /// </summary>
    private HtmxBrowser Device()
    {
        var browser = _app.NewBrowser();
        browser.Client.DefaultRequestHeaders.Add("X-Forwarded-For", "192.0.2." + (++_addresses).ToString(CultureInfo.InvariantCulture));
        return browser;
    }

    /// <summary>Alice signed in on a phone and on a laptop, each from its own address, and the step-up window has passed.</summary>
    private async Task<(HtmxBrowser Phone, HtmxBrowser Laptop)> SignedInOnTwoDevicesPastTheWindowAsync()
    {
        var phone = Device();
        var laptop = Device();
        _devices.Add(phone);
        _devices.Add(laptop);
        await SessionBridgeApp.SignInAsync(phone);
        await SessionBridgeApp.SignInAsync(laptop);
        _app.Time.Advance(TimeSpan.FromMinutes(11));
        return (phone, laptop);
    }

    /// <summary>A POST to an /account handler with the page's antiforgery token, as htmx (a fragment) or as a plain form.</summary>
    private static async Task<HttpResponseMessage> PostAccountAsync(HtmxBrowser browser, HtmxPage page, string handler, Dictionary<string, string> fields, bool htmx = true)
    {
        fields["__RequestVerificationToken"] = page.Element("#sessions-region input[name=__RequestVerificationToken]").GetAttribute("value")!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account?handler=" + handler) { Content = new FormUrlEncodedContent(fields) };
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
        }

        return await browser.Client.SendAsync(request);
    }
}
