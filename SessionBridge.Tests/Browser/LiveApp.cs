using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Browser;

/// <summary>
/// The real app on a real Kestrel on loopback, for a real browser: one per test class (an xunit class fixture).
/// It is <see cref="SessionBridgeApp"/> with the real clock put back, because a browser lives in real time (the
/// live channel's heartbeat, htmx's debounce, cookie lifetimes), and with a login limit a suite of stories that sign
/// in many times a minute does not trip.
/// </summary>
public sealed class LiveApp : IDisposable
{
    private readonly SessionBridgeApp _app;

    public LiveApp()
        : this(_ => { })
    {
    }

    /// <param name="configure">More set-up of the app before it starts (such as one more session key).</param>
    internal LiveApp(Action<SessionBridgeApp> configure)
    {
        _app = new SessionBridgeApp()
            .WithSetting("LoginRateLimit:PerEmail", "1000")
            .WithSetting("LoginRateLimit:PerIp", "1000")
            .WithServices(services => services.Replace(ServiceDescriptor.Singleton(TimeProvider.System)));
        configure(_app);
        // Not UseKestrel(0): with a minimal-hosting Program that overload rewrites the server addresses while the app is
        // already starting Kestrel on its own thread, and now and then fails with "IServerAddressesFeature.Addresses
        // cannot be modified after the server has started" (dotnet/aspnetcore#67714). Listening explicitly has no race.
        _app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app.StartServer();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Single().TrimEnd('/');
    }

    /// <summary>Where the app listens, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public string BaseUrl { get; }

    public IServiceProvider Services => _app.Services;

    public void Dispose() => _app.Dispose();
}
