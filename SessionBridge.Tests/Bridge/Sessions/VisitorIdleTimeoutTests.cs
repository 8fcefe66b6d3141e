using Microsoft.Extensions.DependencyInjection;
using SessionBridge;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Bridge.Sessions;

/// <summary>SessionBridge:VisitorIdleTimeout ends idle visitors' sessions sooner than signed-in ones.</summary>
public sealed class VisitorIdleTimeoutTests
{
    [Fact]
    public async Task A_visitor_session_ends_after_the_visitor_timeout_while_a_signed_in_one_lives_on()
    {
        await using var host = await BridgeHost.StartAsync(services: services =>
            services.Configure<SessionBridgeOptions>(bridge => bridge.VisitorIdleTimeout = TimeSpan.FromMinutes(5)));
        host.Users.Add("ann");
        using var visitor = host.NewBrowser();
        (await visitor.Client.PostAsync("/save/note", new FormUrlEncodedContent(new Dictionary<string, string> { ["value"] = "mine" }))).Dispose();
        using var member = host.NewBrowser();
        (await member.Client.PostAsync("/signin/ann", null)).Dispose();
        Assert.Equal("visitor|mine", await visitor.Client.GetStringAsync("/page"));

        host.Time.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal("visitor|", await visitor.Client.GetStringAsync("/page"));
        Assert.Equal("ann|", await member.Client.GetStringAsync("/page"));
    }
}
