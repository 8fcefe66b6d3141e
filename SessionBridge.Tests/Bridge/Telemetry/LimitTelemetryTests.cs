using System.Globalization;
using System.Net;
using SessionBridge.Telemetry;
using SessionBridge.Tests.Infrastructure;
using static SessionBridge.Telemetry.SessionBridgeTelemetry;

namespace SessionBridge.Tests.Bridge.Telemetry;

/// <summary>Every 429 a limit answers is counted under that limit, once per refused request.</summary>
public sealed class LimitTelemetryTests
{
    [Fact]
    public async Task Refused_sign_in_attempts_are_counted_under_login()
    {
        using var app = new SessionBridgeApp().WithSetting("LoginRateLimit:PerEmail", "2").WithSetting("LoginRateLimit:PerIp", "100");
        using var metrics = new AppMetrics(app.Services);
        using var browser = app.NewBrowser();

        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 4; i++)
        {
            using var attempt = await browser.PostLoginOnlyAsync(password: "guess" + i);
            statuses.Add(attempt.StatusCode);
        }

        Assert.Equal([HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(Counts((SessionBridgeTelemetry.Limits.Login, 2)), metrics.By(Instruments.LimitRejections, Attributes.Limit));
    }

    [Fact]
    public async Task Refused_new_sessions_are_counted_under_new_session()
    {
        using var app = new SessionBridgeApp().WithSetting("SessionBridge:NewSessionsPerClient:PermitLimit", "2");
        using var metrics = new AppMetrics(app.Services);
        using var flooder = app.NewBrowser();
        string token = (await flooder.OpenAsync("/session")).AntiforgeryToken();

        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 3; i++)
        {
            // No session cookie, so every save starts a new session.
            flooder.SetCookie(AppTestExtensions.SessionCookie, string.Empty);

            using var save = await flooder.PostSessionValueAsync(token, "displayName", "flood" + i.ToString(CultureInfo.InvariantCulture));
            statuses.Add(save.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(Counts((SessionBridgeTelemetry.Limits.NewSession, 1)), metrics.By(Instruments.LimitRejections, Attributes.Limit));
    }

    [Fact]
    public async Task Refused_step_up_passwords_are_counted_under_step_up()
    {
        using var app = new SessionBridgeApp()
            .WithSetting("LoginRateLimit:PerEmail", "3")
            .WithSetting("LoginRateLimit:PerEmailAllAddresses", "100")
            .WithSetting("LoginRateLimit:PerIp", "100");
        using var metrics = new AppMetrics(app.Services);
        using var phone = app.NewBrowser();
        using var laptop = app.NewBrowser();
        await SessionBridgeApp.SignInAsync(phone);
        await SessionBridgeApp.SignInAsync(laptop);
        app.Time.Advance(TimeSpan.FromMinutes(11));
        var account = await laptop.OpenAsync("/account");

        // The two sign-ins were two of the address's three tries, the wrong password the third: the right one is refused.
        account.Fill("password", "guess", within: "#revoke-others");
        account = await account.SubmitAsync("#revoke-others");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, laptop.LastRequestTo(HttpMethod.Post, "/account").Status);
        account.Fill("password", SessionBridgeApp.AlicePassword, within: "#revoke-others");
        await account.SubmitAsync("#revoke-others");

        Assert.Equal(HttpStatusCode.TooManyRequests, laptop.LastRequestTo(HttpMethod.Post, "/account").Status);
        Assert.Equal(Counts((SessionBridgeTelemetry.Limits.StepUp, 1)), metrics.By(Instruments.LimitRejections, Attributes.Limit));
    }

    private static Dictionary<string, long> Counts(params (string Value, long Count)[] counts) =>
        counts.ToDictionary(c => c.Value, c => c.Count, StringComparer.Ordinal);
}
