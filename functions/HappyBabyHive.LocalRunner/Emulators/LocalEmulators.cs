using System.Globalization;

namespace HappyBabyHive.LocalRunner.Emulators;

public sealed record LocalEmulatorOptions
{
    /// <summary>Where Azurite keeps its data; null keeps everything in memory (tests).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Zero picks a free port.</summary>
    public int BlobPort { get; init; }

    public int QueuePort { get; init; }

    public int TablePort { get; init; }

    public int SmtpPort { get; init; }

    public int MaildevWebPort { get; init; }

    /// <summary>
    /// Reuse an emulator already listening on all of its (fixed) ports instead of starting a second copy: the run
    /// command on the standard ports, beside a developer's own Azurite or maildev.
    /// </summary>
    public bool ReuseRunning { get; init; }
}

/// <summary>
/// Azurite (real Azure Storage emulator) and maildev (real SMTP server with a web inbox) on 127.0.0.1, started from
/// the repo's pinned node_modules. Used by the local run command and by the integration tests.
/// </summary>
public sealed class LocalEmulators : IAsyncDisposable
{
    // The well-known, public development storage key that Azurite accepts; not a secret.
    private const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly ChildProcess? azurite;
    private readonly ChildProcess? maildev;

    private LocalEmulators(ChildProcess? azurite, ChildProcess? maildev, int blobPort, int queuePort, int tablePort, int smtpPort, int webPort)
    {
        this.azurite = azurite;
        this.maildev = maildev;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
        SmtpPort = smtpPort;
        MaildevWebPort = webPort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public int SmtpPort { get; }

    public int MaildevWebPort { get; }

    /// <summary>The Azurite this instance started (and stops), or null when it reused one already running.</summary>
    public ChildProcess? StartedAzurite => azurite;

    /// <summary>The maildev this instance started (and stops), or null when it reused one already running.</summary>
    public ChildProcess? StartedMaildev => maildev;

    public Uri MaildevUrl => new($"http://127.0.0.1:{MaildevWebPort}/");

    public string StorageConnectionString => StorageConnectionStringFor(BlobPort, QueuePort, TablePort);

    public static string StorageConnectionStringFor(int blobPort, int queuePort, int tablePort) => string.Create(
        CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentAccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;");

    public static string AzuriteScript(string root) =>
        NpmPackages.BinScript(root, "azurite", "azurite") ?? throw new FileNotFoundException("Azurite is not installed in node_modules (npm ci).");

    public static string MaildevScript(string root) =>
        NpmPackages.BinScript(root, "maildev", "maildev") ?? throw new FileNotFoundException("maildev is not installed in node_modules (npm ci).");

    public static async Task<LocalEmulators> StartAsync(string repositoryRoot, LocalEmulatorOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        await NpmPackages.EnsureInstalledAsync(repositoryRoot, log, cancellationToken);

        int Port(int requested) => requested == 0 ? FreePort.Next() : requested;
        var (blob, queue, table, smtp, web) = (Port(options.BlobPort), Port(options.QueuePort), Port(options.TablePort), Port(options.SmtpPort), Port(options.MaildevWebPort));

        string[] storage = options.DataDirectory is null ? ["--inMemoryPersistence"] : ["--location", options.DataDirectory];
        if (options.DataDirectory is not null)
        {
            Directory.CreateDirectory(options.DataDirectory);
        }

        ChildProcess? azurite = null;
        ChildProcess? maildev = null;
        try
        {
            if (!await AlreadyRunningAsync("Azurite", options.ReuseRunning, [blob, queue, table], cancellationToken))
            {
                azurite = ChildProcess.StartNode("Azurite", repositoryRoot, AzuriteScript(repositoryRoot),
                [
                    "--silent", "--disableProductStyleUrl",

                    // Azure.Storage.Queues speaks a newer storage API version than Azurite 3.37 knows; production is unaffected.
                    "--skipApiVersionCheck",
                    "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
                    "--blobPort", $"{blob}", "--queuePort", $"{queue}", "--tablePort", $"{table}",
                    .. storage,
                ]);
            }

            if (!await AlreadyRunningAsync("maildev", options.ReuseRunning, [smtp, web], cancellationToken))
            {
                maildev = ChildProcess.StartNode("maildev", repositoryRoot, MaildevScript(repositoryRoot),
                    ["--smtp", $"{smtp}", "--web", $"{web}", "--ip", "127.0.0.1", "--web-ip", "127.0.0.1", "--silent"]);
            }

            if (azurite is not null)
            {
                await azurite.WaitUntilListeningAsync(table, StartTimeout, cancellationToken);
                await azurite.WaitUntilListeningAsync(queue, StartTimeout, cancellationToken);
            }

            if (maildev is not null)
            {
                await maildev.WaitUntilListeningAsync(smtp, StartTimeout, cancellationToken);
                await maildev.WaitUntilListeningAsync(web, StartTimeout, cancellationToken);
            }
        }
        catch
        {
            await new LocalEmulators(azurite, maildev, blob, queue, table, smtp, web).DisposeAsync();
            throw;
        }

        return new LocalEmulators(azurite, maildev, blob, queue, table, smtp, web);
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(
            maildev?.DisposeAsync().AsTask() ?? Task.CompletedTask,
            azurite?.DisposeAsync().AsTask() ?? Task.CompletedTask);
    }

    /// <summary>True when reuse is allowed and every port answers; an emulator answering on only some is an error.</summary>
    private static async Task<bool> AlreadyRunningAsync(string name, bool reuse, int[] ports, CancellationToken cancellationToken)
    {
        if (!reuse)
        {
            return false;
        }

        var listening = new List<int>();
        foreach (var port in ports)
        {
            if (await FreePort.IsListeningAsync(port, cancellationToken))
            {
                listening.Add(port);
            }
        }

        if (listening.Count > 0 && listening.Count < ports.Length)
        {
            throw new InvalidOperationException(
                $"Ports {string.Join(", ", listening)} are in use but {string.Join(", ", ports.Except(listening))} are not, so this is not a whole {name} to reuse. Stop whatever holds them and try again.");
        }

        return listening.Count == ports.Length;
    }
}
