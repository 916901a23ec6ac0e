using HappyBabyHive.LocalRunner.Emulators;

namespace HappyBabyHive.TestSupport;

/// <summary>
/// An Azurite and a maildev of a fault test's own, on fixed free ports, that the test stops and starts again (never
/// the shared ones tests/run-all.sh starts). Azurite keeps its data on disk (--location), so it survives a restart.
/// </summary>
public sealed class PrivateEmulators : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string root = RepositoryRoot.Find();
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("hbh-fault-azurite-").FullName;
    private readonly int blobPort = FreePort.Next();
    private readonly int queuePort = FreePort.Next();
    private readonly int tablePort = FreePort.Next();
    private readonly int webPort = FreePort.Next();
    private ChildProcess? azurite;
    private ChildProcess? maildev;

    private PrivateEmulators()
    {
        Maildev = new Maildev(new Uri($"http://127.0.0.1:{webPort}/"));
    }

    public int SmtpPort { get; } = FreePort.Next();

    public Maildev Maildev { get; }

    public string StorageConnectionString => LocalEmulators.StorageConnectionStringFor(blobPort, queuePort, tablePort);

    public static async Task<PrivateEmulators> StartAsync()
    {
        var emulators = new PrivateEmulators();
        try
        {
            await NpmPackages.EnsureInstalledAsync(emulators.root, TextWriter.Null, CancellationToken.None);
            await emulators.StartAzuriteAsync();
            await emulators.StartMaildevAsync();
        }
        catch
        {
            await emulators.DisposeAsync();
            throw;
        }

        return emulators;
    }

    public async Task StartAzuriteAsync()
    {
        azurite = ChildProcess.StartNode("Azurite", root, LocalEmulators.AzuriteScript(root),
        [
            "--silent", "--disableProductStyleUrl", "--skipApiVersionCheck", "--location", dataDirectory,
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", $"{blobPort}", "--queuePort", $"{queuePort}", "--tablePort", $"{tablePort}",
        ]);
        await azurite.WaitUntilListeningAsync(tablePort, StartTimeout, CancellationToken.None);
        await azurite.WaitUntilListeningAsync(queuePort, StartTimeout, CancellationToken.None);
    }

    /// <summary>SIGTERM by pid, so Azurite saves its data to disk; killed hard only if it has not exited after 10 s.</summary>
    public async Task StopAzuriteAsync()
    {
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
            azurite = null;
        }
    }

    public async Task StartMaildevAsync()
    {
        maildev = ChildProcess.StartNode("maildev", root, LocalEmulators.MaildevScript(root),
            ["--smtp", $"{SmtpPort}", "--web", $"{webPort}", "--ip", "127.0.0.1", "--web-ip", "127.0.0.1", "--silent"]);
        await maildev.WaitUntilListeningAsync(SmtpPort, StartTimeout, CancellationToken.None);
        await maildev.WaitUntilListeningAsync(webPort, StartTimeout, CancellationToken.None);
    }

    /// <summary>maildev keeps mail in memory: what it received before it stopped is gone.</summary>
    public async Task StopMaildevAsync()
    {
        if (maildev is not null)
        {
            await maildev.DisposeAsync();
            maildev = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Maildev.Dispose();
        await Task.WhenAll(StopMaildevAsync(), StopAzuriteAsync());
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
