using System.Reflection;
using SessionBridge.Tests.Infrastructure.AppLogs;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("SessionBridge.Tests.Infrastructure.AppLogs.AppLogsTestFramework", "SessionBridge.Tests")]

namespace SessionBridge.Tests.Infrastructure.AppLogs;

/// <summary>
/// xunit's own framework, with each test's app logs in its result (see <see cref="AppLogsMessageBus"/>): no test has
/// to ask for them, and tests that take an <see cref="ITestOutputHelper"/> keep what they write first.
/// </summary>
public sealed class AppLogsTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformationProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformationProvider, diagnosticMessageSink)
    {
        protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            using var runner = new AssemblyRunner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
            await runner.RunAsync();
        }
    }

    private sealed class AssemblyRunner(
        ITestAssembly testAssembly,
        IEnumerable<IXunitTestCase> testCases,
        IMessageSink diagnosticMessageSink,
        IMessageSink executionMessageSink,
        ITestFrameworkExecutionOptions executionOptions)
        : XunitTestAssemblyRunner(testAssembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions)
    {
        /// <summary>
        /// Everything of the collection runs in this async flow (its fixtures, its classes' fixtures, its tests), so an
        /// app created anywhere in it finds the collection's logs in <see cref="CollectionAppLogs.Current"/>.
        /// </summary>
        protected override async Task<RunSummary> RunTestCollectionAsync(
            IMessageBus messageBus, ITestCollection testCollection, IEnumerable<IXunitTestCase> testCases, CancellationTokenSource cancellationTokenSource)
        {
            var logs = new CollectionAppLogs();
            CollectionAppLogs.Current = logs;
            using var bus = new AppLogsMessageBus(messageBus, logs);
            return await base.RunTestCollectionAsync(bus, testCollection, testCases, cancellationTokenSource);
        }
    }
}
