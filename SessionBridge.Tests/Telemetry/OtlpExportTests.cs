using System.Text;

namespace SessionBridge.Tests.Telemetry;

/// <summary>
/// With the standard OTEL variables pointing at a collector, a node exports what an operator needs: every SessionBridge
/// instrument the story moved, the SessionBridge spans with the Redis command spans, and its logs; and nothing that
/// would let anyone into a session or name a user.
/// </summary>
public sealed class OtlpExportTests(TelemetryRun run) : IClassFixture<TelemetryRun>
{
    private static readonly TimeSpan s_exportWait = TimeSpan.FromSeconds(20);

    private static readonly string[] s_instruments =
    [
        "sessionbridge.sessions.created",
        "sessionbridge.sessions.ended",
        "sessionbridge.store.duration",
        "sessionbridge.saves",
        "sessionbridge.handoffs",
        "sessionbridge.gate.refusals",
        "sessionbridge.limits.rejections",
        "sessionbridge.live.streams",
        "sessionbridge.events.published",
        "sessionbridge.events.received",
    ];

    [SkippableFact]
    public async Task Every_SessionBridge_instrument_the_story_moved_is_exported()
    {
        var missing = await run.Receiver.WaitForAsync(OtlpReceiver.Metrics, s_instruments, s_exportWait);

        Assert.True(missing.Count == 0, "not exported: " + string.Join(", ", missing));
        Assert.True(run.Receiver.Contains(OtlpReceiver.Metrics, "http.server.request.duration"), "no ASP.NET Core metrics");
        Assert.True(run.Receiver.Contains(OtlpReceiver.Metrics, "dotnet.gc.collections"), "no runtime metrics");
    }

    [SkippableFact]
    public async Task SessionBridge_spans_are_exported_with_the_request_and_Redis_command_spans()
    {
        string[] spans = ["sessionbridge.store.load", "sessionbridge.store.commit", "sessionbridge.handoff.issue", "sessionbridge.handoff.land"];

        var missing = await run.Receiver.WaitForAsync(OtlpReceiver.Traces, [.. spans, "POST login", "db.system", "redis", "EVAL", "sessionbridge-test"], s_exportWait);

        Assert.True(missing.Count == 0, "not exported: " + string.Join(", ", missing) + "\nin: " + TelemetryRun.Printable(run.Receiver.Received(OtlpReceiver.Traces)));
    }

    [SkippableFact]
    public async Task Logs_are_exported_with_the_trace_id_of_their_request()
    {
        var missing = await run.Receiver.WaitForAsync(OtlpReceiver.Logs, ["sessionbridge-test", "listening on", "Login refused"], s_exportWait);
        byte[] traceId = Convert.FromHexString(TelemetryRun.RefusedLoginTraceId);

        Assert.True(missing.Count == 0, "not exported: " + string.Join(", ", missing));
        Assert.True(run.Receiver.Received(OtlpReceiver.Logs).AsSpan().IndexOf(traceId) >= 0, "no log record carries the refused login's trace id");
        Assert.True(run.Receiver.Received(OtlpReceiver.Traces).AsSpan().IndexOf(traceId) >= 0, "no span carries the refused login's trace id");
    }

    [SkippableFact]
    public void Console_lines_stay_one_line_and_end_in_the_trace_id_of_their_request()
    {
        string refused = run.App.Output.Split('\n').FirstOrDefault(line => line.Contains("Login refused", StringComparison.Ordinal)) ?? "";

        Assert.StartsWith("info: SessionBridge.Web.Pages.Login.IndexModel[40] Login refused", refused, StringComparison.Ordinal);
        Assert.EndsWith(" trace=" + TelemetryRun.RefusedLoginTraceId, refused.TrimEnd(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task No_secret_that_passed_is_in_any_exported_byte()
    {
        // Everything the story produced has been exported once the slowest signal shows its last step.
        await run.Receiver.WaitForAsync(OtlpReceiver.Metrics, ["sessionbridge.limits.rejections"], s_exportWait);
        await Task.Delay(TimeSpan.FromSeconds(1));
        byte[] exported = run.Receiver.All();

        Assert.NotEmpty(exported);
        Assert.Contains(run.Secrets.Secrets.Values, what => what.StartsWith("session id", StringComparison.Ordinal));
        var leaked = run.Secrets.Secrets
            .Where(secret => exported.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret.Key)) >= 0)
            .Select(secret => secret.Value)
            .ToList();
        Assert.True(leaked.Count == 0, "exported: " + string.Join(", ", leaked));

        // The revoked device was sent to /login?returnUrl=…: no query string is recorded at all.
        Assert.False(run.Receiver.Contains(OtlpReceiver.Traces, "url.query"), "a query string was recorded");
        Assert.False(run.Receiver.Contains(OtlpReceiver.Traces, "returnUrl"), "a query string was recorded");
    }
}
