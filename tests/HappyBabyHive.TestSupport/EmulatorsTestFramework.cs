using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace HappyBabyHive.TestSupport;

/// <summary>
/// xunit 2's own framework plus one step when the test assembly has finished: stop the emulators
/// <see cref="SharedEmulators"/> started (xunit 2 has no assembly fixture, and a per-collection fixture would stop
/// them while other collections still run). A test project opts in with
/// <c>[assembly: TestFramework(EmulatorsTestFramework.TypeName, EmulatorsTestFramework.AssemblyName)]</c>.
/// </summary>
public sealed class EmulatorsTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    public const string TypeName = "HappyBabyHive.TestSupport.EmulatorsTestFramework";
    public const string AssemblyName = "HappyBabyHive.TestSupport";

    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformationProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformationProvider, diagnosticMessageSink)
    {
        // The signature is xunit's (async void), not a function's: the Functions analyzer's rule does not apply here.
        // The runner reports its own failures through the message sink.
#pragma warning disable AZFW0002
        protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            using var runner = new AssemblyRunner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
            await runner.RunAsync();
        }
#pragma warning restore AZFW0002
    }

    private sealed class AssemblyRunner(
        ITestAssembly testAssembly,
        IEnumerable<IXunitTestCase> testCases,
        IMessageSink diagnosticMessageSink,
        IMessageSink executionMessageSink,
        ITestFrameworkExecutionOptions executionOptions)
        : XunitTestAssemblyRunner(testAssembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions)
    {
        protected override async Task BeforeTestAssemblyFinishedAsync()
        {
            await SharedEmulators.StopAsync();
            await base.BeforeTestAssemblyFinishedAsync();
        }
    }
}
