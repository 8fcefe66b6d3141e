using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Time.Testing;

namespace SessionBridge.Tests.Infrastructure;

/// <summary>
/// The app under test, in process, with a clock the test moves. One per test (or per class), so tests stay
/// independent and parallel-safe; helpers open browsers and sign in the way a user does.
/// </summary>
public sealed class SessionBridgeApp : WebApplicationFactory<Program>
{
    public const string AlicePassword = "Wonderland!2026";
    public const string BobPassword = "Builder!2026";

    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal);
    private readonly List<Action<IServiceCollection>> _services = [];
    private string _environment = "Development";

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    /// <summary>The app's log lines: for assertions, and for the test's report instead of the console.</summary>
    public CapturedLogs Logs { get; } = new(nameof(SessionBridgeApp));

    public SessionBridgeApp WithSetting(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    public SessionBridgeApp WithEnvironment(string environment)
    {
        _environment = environment;
        return this;
    }

    public SessionBridgeApp WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    public HtmxBrowser NewBrowser() => HtmxBrowser.For(this);

    /// <summary>Signs in through the login form as htmx would submit it, and returns the account page it lands on.</summary>
    public static async Task<HtmxPage> SignInAsync(HtmxBrowser browser, string email = "alice@example.com", string password = AlicePassword, bool rememberMe = false)
    {
        var login = await browser.OpenAsync("/login");
        login.Fill("email", email);
        login.Fill("password", password);
        login.Check("rememberMe", rememberMe);
        return await login.SubmitAsync("#login-form");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        if (_environment != Environments.Development)
        {
            // The app runs from its build output, not a published one: the host finds wwwroot's files (htmx, the
            // stylesheet) through the build's static web assets manifest only in Development unless told to.
            builder.UseStaticWebAssets();
        }

        // UseSetting makes a value visible while Program registers services (ConnectionStrings:Redis is read then);
        // the in-memory source, added last, keeps it on top when a test reloads the configuration.
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(_settings));
        builder.ConfigureTestServices(services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Time));

            // The console logger would print every app's lines into the test run's output, thousands of them for
            // requests meant to fail; the lines go to the test's report instead (Logs), shown when the test fails.
            foreach (var console in services.Where(d => d.ImplementationType == typeof(ConsoleLoggerProvider)).ToList())
            {
                services.Remove(console);
            }

            services.AddSingleton<ILoggerProvider>(Logs);
            foreach (var configure in _services)
            {
                configure(services);
            }
        });
    }
}
