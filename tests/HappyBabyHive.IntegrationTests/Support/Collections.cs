
// Stops the emulators the test classes shared, once every class has finished (see EmulatorsTestFramework).
[assembly: TestFramework(EmulatorsTestFramework.TypeName, EmulatorsTestFramework.AssemblyName)]

namespace HappyBabyHive.IntegrationTests.Support;

// How these tests run side by side (xunit.runner.json turns parallel collections on):
// - A class that keeps its data apart (AppServices or HostileHost: a storage name prefix of its own; maildev read by
//   unique recipient) has no [Collection]: it is a collection of its own, with IClassFixture<EmulatorFixture> for the
//   shared emulators, and runs in parallel with the other such classes.
// - The classes below run afterwards, one at a time.

/// <summary>
/// The shared emulators, one class at a time, for two kinds of class:
/// - hosts on the unprefixed queue names (EndToEnd/): the local runner's queue triggers listen on the fixed names, so
///   two such hosts would take each other's messages;
/// - the heaviest load on Azurite (the hostile-input corpus, a thousand tip emails): Azurite is one Node.js thread, and
///   beside them other tests' storage calls wait past the client's network timeout and get retried after Azurite has
///   done them (a queue message sent twice, a delete that finds nothing), which their exact counts do not allow.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class UsesEmulators : ICollectionFixture<EmulatorFixture>
{
    public const string Name = "Azurite and maildev, unprefixed queues, alone";
}

/// <summary>
/// Tests that stop and start emulators or processes of their own and time how the app copes: on a two-core machine,
/// anything beside them would make their timings about the machine, not the app.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Own emulators and processes, alone";
}
