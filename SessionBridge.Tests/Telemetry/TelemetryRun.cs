using System.Net;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using SessionBridge.Tests.Bridge.Redis;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Telemetry;

/// <summary>
/// The app as a process on a real redis-server, exporting over OTLP/HTTP to a local <see cref="OtlpReceiver"/>, after
/// a short story that moves every SessionBridge instrument: two sign-ins, a live stream, saves, a revocation, the
/// revoked device refused, a login limit tripped. Run once for the tests of a class (an xunit class fixture).
/// </summary>
public sealed class TelemetryRun : IAsyncLifetime
{
    public const string TypedDisplayName = "Quentin Zebrafish-4417";

    /// <summary>The W3C trace id the refused logins arrive with (as from a proxy that started the trace).</summary>
    public const string RefusedLoginTraceId = "5b8efff798038103d269b633813fc60c";

    private RedisServer? _redis;
    private AppProcess? _app;

    public OtlpReceiver Receiver { get; private set; } = null!;

    public SecretsRecorder Secrets { get; } = new();

    public AppProcess App => _app!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartNewAsync();
        Receiver = await OtlpReceiver.StartAsync();
        _app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__Redis"] = _redis.ConnectionString,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "sessionbridge-test",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "300",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
        });

        Secrets.Add("password", SessionBridgeApp.AlicePassword);
        Secrets.Add("email", "alice@example.com");
        Secrets.Add("typed display name", TypedDisplayName);

        using var phone = NewBrowser();
        using var laptop = NewBrowser();
        using var intruder = NewBrowser();
        await SessionBridgeApp.SignInAsync(phone);
        await SessionBridgeApp.SignInAsync(laptop);

        await using var tab = await EventStreamClient.OpenAsync(laptop);
        Assert.Equal(": connected", await tab.NextAsync());

        var session = await laptop.OpenAsync("/session");
        string token = session.AntiforgeryToken();
        Secrets.Add("antiforgery request token", token);
        foreach (var (key, value) in new[] { ("displayName", TypedDisplayName), ("theme", "dark"), ("theme", "light") })
        {
            using var saved = await laptop.PostSessionValueAsync(token, key, value);
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        Assert.NotNull(await tab.NextAsync());

        var account = await laptop.OpenAsync("/account");
        var after = await account.SubmitAsync("#sessions tbody tr:not(.current) form");
        Assert.Single(after.Document.QuerySelectorAll("#sessions tbody tr"));
        Assert.Equal("/login", (await phone.OpenAsync("/session")).Url.AbsolutePath);

        // Six wrong passwords for one address: the per-address login limit (5 a minute) refuses the sixth.
        intruder.Client.DefaultRequestHeaders.Add("traceparent", $"00-{RefusedLoginTraceId}-eee19b7ec3c1b174-01");
        var refusals = new List<HttpStatusCode>();
        for (int attempt = 0; attempt < 6; attempt++)
        {
            using var refused = await intruder.PostLoginOnlyAsync("bob@example.com", "not-his-password");
            refusals.Add(refused.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, refusals);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (Receiver is not null)
        {
            await Receiver.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    private HtmxBrowser NewBrowser()
    {
        var jar = new CookieContainer();
        var client = new HttpClient(new CookieContainerHandler(jar) { InnerHandler = new PassThrough(Secrets) })
        {
            BaseAddress = _app!.BaseAddress,
        };
        return new HtmxBrowser(client, jar);
    }

    /// <summary>One recorder for every browser of the run; a handler can have one owner only.</summary>
    private sealed class PassThrough(SecretsRecorder recorder) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _invoker = new(recorder, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            _invoker.SendAsync(request, cancellationToken);
    }

    /// <summary>The start of what the receiver holds, readable in a failure message (non-text bytes dropped).</summary>
    public static string Printable(byte[] bytes) =>
        new(Encoding.UTF8.GetString(bytes).Where(c => c is >= ' ' and < '\u007f').Take(4000).ToArray());
}
