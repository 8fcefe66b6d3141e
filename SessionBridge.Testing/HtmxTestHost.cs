using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace SessionBridge.Testing;

/// <summary>
/// Your app in memory for page tests: a <see cref="WebApplicationFactory{TEntryPoint}"/> that starts it in the
/// environment and with the settings a test picks, and opens browsers that each keep their own cookies.
/// </summary>
/// <typeparam name="TEntryPoint">A type in the app's entry assembly, usually its <c>Program</c>.</typeparam>
/// <remarks>
/// The <c>With…</c> calls apply when the app starts, on the first <see cref="NewBrowser"/> (or client, or
/// <see cref="WebApplicationFactory{TEntryPoint}.Services"/>); after that they throw. A subclass that overrides
/// <see cref="ConfigureWebHost"/> calls the base method.
/// </remarks>
public class HtmxTestHost<TEntryPoint> : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Action<IServiceCollection>> _services = [];
    private string _environment = Environments.Development;
    private bool _started;

    /// <summary>Runs the app in this environment (<c>Development</c> unless set, as with WebApplicationFactory).</summary>
    /// <param name="environment">An environment name, e.g. <c>Production</c> to test the error pages.</param>
    /// <returns>This host, for chaining.</returns>
    public HtmxTestHost<TEntryPoint> WithEnvironment(string environment)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(environment);
        EnsureNotStarted();
        _environment = environment;
        return this;
    }

    /// <summary>Overrides one configuration value, over appsettings.json and environment variables.</summary>
    /// <param name="key">A configuration key, sections separated by colons: <c>Greeting:Text</c>.</param>
    /// <param name="value">The value the app reads, or null to hide the one it would have read.</param>
    /// <returns>This host, for chaining.</returns>
    public HtmxTestHost<TEntryPoint> WithSetting(string key, string? value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        EnsureNotStarted();
        _settings[key] = value;
        return this;
    }

    /// <summary>Changes the app's services after the app registered its own, e.g. to replace a clock or a mail sender.</summary>
    /// <param name="configure">Called with the app's service collection.</param>
    /// <returns>This host, for chaining.</returns>
    public HtmxTestHost<TEntryPoint> WithServices(Action<IServiceCollection> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        EnsureNotStarted();
        _services.Add(configure);
        return this;
    }

    /// <summary>A new browser on the app, with an empty cookie jar; starts the app on the first call.</summary>
    /// <returns>A browser the test disposes.</returns>
    public HtmxBrowser NewBrowser() => HtmxBrowser.For(this);

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        _started = true;
        builder.UseEnvironment(_environment);

        // UseSetting makes a value visible while Program.cs runs (minimal hosting reads configuration before
        // Build); the in-memory source, added last, keeps it on top of appsettings and environment variables after.
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(_settings));
        builder.ConfigureTestServices(services =>
        {
            foreach (var configure in _services)
            {
                configure(services);
            }
        });
    }

    private void EnsureNotStarted()
    {
        if (_started)
        {
            throw new InvalidOperationException("The app has started: call With… before the first browser, client or Services.");
        }
    }
}
