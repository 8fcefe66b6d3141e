using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace SessionBridge.Tests.Infrastructure.AppLogs;

/// <summary>
/// A green run is quiet and a red one debuggable: an app under test logs into its test's result (the TRX keeps it
/// for every test, the console shows it for a failure), never straight onto the console.
/// </summary>
public sealed class AppLogsTests
{
    [Fact]
    public void An_in_process_app_logs_to_its_tests_report_not_to_the_console()
    {
        using var app = new SessionBridgeApp();

        var providers = app.Services.GetServices<ILoggerProvider>().ToList();

        Assert.DoesNotContain(providers, provider => provider is ConsoleLoggerProvider);
        Assert.Contains(app.Logs, providers);
    }

    [Fact]
    public async Task A_tests_result_carries_what_its_app_logged_since_the_previous_result_after_the_tests_own_output()
    {
        // This test's own collection, so the app below joins it and not the collection this test runs in.
        var collection = new CollectionAppLogs();
        CollectionAppLogs.Current = collection;
        var sent = new SentMessages();
        using var bus = new AppLogsMessageBus(sent, collection);
        var first = Test("first");
        bus.QueueMessage(new TestClassStarting([first.TestCase], first.TestCase.TestMethod.TestClass));

        using (var app = new SessionBridgeApp())
        {
            using var browser = app.NewBrowser();
            await SessionBridgeApp.SignInAsync(browser, password: "not alice's");
        }

        bus.QueueMessage(new TestFailed(first, 1, "what the test wrote\n", new InvalidOperationException("boom")));
        using (var app = new SessionBridgeApp())
        {
            using var browser = app.NewBrowser();
            await browser.OpenAsync("/login");
        }

        bus.QueueMessage(new TestPassed(Test("second"), 1, ""));

        var failed = Assert.IsType<ITestFailed>(sent.Messages[1], exactMatch: false);
        Assert.StartsWith("what the test wrote\n----- app log: SessionBridgeApp #1, ", failed.Output, StringComparison.Ordinal);
        Assert.Contains("info: SessionBridge.Web.Pages.Login.IndexModel[40] Login refused: email or password incorrect", failed.Output, StringComparison.Ordinal);
        Assert.Equal("boom", Assert.Single(failed.Messages));
        var passed = Assert.IsType<ITestPassed>(sent.Messages[2], exactMatch: false);
        Assert.StartsWith("----- app log: SessionBridgeApp #2, ", passed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Login refused", passed.Output, StringComparison.Ordinal);
    }

    private static XunitTest Test(string name)
    {
        var assembly = new TestAssembly(Reflector.Wrap(typeof(AppLogsTests).Assembly));
        var testClass = new TestClass(new TestCollection(assembly, null, "app logs"), Reflector.Wrap(typeof(AppLogsTests)));
        MethodInfo method = typeof(AppLogsTests).GetMethod(nameof(An_in_process_app_logs_to_its_tests_report_not_to_the_console))!;
        var testCase = new XunitTestCase(new NullMessageSink(), TestMethodDisplay.Method, TestMethodDisplayOptions.None, new TestMethod(testClass, Reflector.Wrap(method)));
        return new XunitTest(testCase, name);
    }

    /// <summary>What reached the runner, in order.</summary>
    private sealed class SentMessages : IMessageBus
    {
        public List<IMessageSinkMessage> Messages { get; } = [];

        public bool QueueMessage(IMessageSinkMessage message)
        {
            Messages.Add(message);
            return true;
        }

        public void Dispose()
        {
        }
    }
}
