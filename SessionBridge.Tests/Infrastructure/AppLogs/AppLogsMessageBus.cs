using Xunit.Abstractions;
using Xunit.Sdk;

namespace SessionBridge.Tests.Infrastructure.AppLogs;

/// <summary>
/// Puts a test's app logs into its result, after what the test wrote to its <see cref="ITestOutputHelper"/>. The test
/// runners send a result's output to the TRX report for every test, and to the console only for a failure (at the
/// console logger's "minimal" verbosity).
/// </summary>
/// <remarks>
/// A test's app logs are what the collection's apps wrote since the previous result of the class (or the class's start):
/// its own app from start to dispose, and a class fixture's start-up with the first test that used it.
/// </remarks>
internal sealed class AppLogsMessageBus(IMessageBus inner, CollectionAppLogs logs) : IMessageBus
{
    private Dictionary<AppLog, int> _reported = [];

    public bool QueueMessage(IMessageSinkMessage message)
    {
        switch (message)
        {
            case ITestClassStarting:
                _reported = logs.Mark();
                break;
            case ITestResultMessage result:
                string appLogs = logs.Since(_reported, out _reported);
                message = (result, appLogs) switch
                {
                    (_, "") => result,
                    (ITestFailed failed, _) => new TestFailed(failed.Test, failed.ExecutionTime, Join(failed.Output, appLogs),
                        failed.ExceptionTypes, failed.Messages, failed.StackTraces, failed.ExceptionParentIndices),
                    (ITestPassed passed, _) => new TestPassed(passed.Test, passed.ExecutionTime, Join(passed.Output, appLogs)),
                    _ => result,
                };
                break;
        }

        return inner.QueueMessage(message);
    }

    /// <summary>The inner bus belongs to the assembly runner, which disposes of it.</summary>
    public void Dispose()
    {
    }

    private static string Join(string output, string appLogs) =>
        string.IsNullOrEmpty(output) ? appLogs : output.TrimEnd('\n') + "\n" + appLogs;
}
