namespace HappyBabyHive.TestSupport;

/// <summary>
/// Real Azurite and a real SMTP server (maildev), as a class or collection fixture. Every fixture in a test process
/// points at the same <see cref="SharedEmulators"/>, so test classes that isolate their data (a storage name prefix
/// each, a unique email recipient each) can run in parallel without each starting emulators of its own.
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public string StorageConnectionString { get; private set; } = string.Empty;

    public int SmtpPort { get; private set; }

    public Maildev Maildev { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var emulators = await SharedEmulators.GetAsync();
        StorageConnectionString = emulators.StorageConnectionString;
        SmtpPort = emulators.SmtpPort;
        Maildev = new Maildev(emulators.MaildevUrl);
    }

    /// <summary>Only this fixture's client: the emulators outlive it (EmulatorsTestFramework stops them).</summary>
    public Task DisposeAsync()
    {
        Maildev?.Dispose();
        return Task.CompletedTask;
    }
}
