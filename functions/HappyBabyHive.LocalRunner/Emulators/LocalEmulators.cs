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

    private readonly NodeProcess azurite;
    private readonly NodeProcess maildev;

    private LocalEmulators(NodeProcess azurite, NodeProcess maildev, int blobPort, int queuePort, int tablePort, int smtpPort, int webPort)
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

    public Uri MaildevUrl => new($"http://127.0.0.1:{MaildevWebPort}/");

    public string StorageConnectionString => StorageConnectionStringFor(BlobPort, QueuePort, TablePort);

    public static string StorageConnectionStringFor(int blobPort, int queuePort, int tablePort) => string.Create(
        CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentAccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;");

    public static string AzuriteScript(string root) => Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");

    public static string MaildevScript(string root) => Path.Combine(root, "node_modules", "maildev", "dist", "bin", "maildev.js");

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

        var azurite = NodeProcess.Start("Azurite", repositoryRoot, AzuriteScript(repositoryRoot),
        [
            "--silent", "--disableProductStyleUrl",

            // Azure.Storage.Queues speaks a newer storage API version than Azurite 3.37 knows; production is unaffected.
            "--skipApiVersionCheck",
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", $"{blob}", "--queuePort", $"{queue}", "--tablePort", $"{table}",
            .. storage,
        ]);
        var maildev = NodeProcess.Start("maildev", repositoryRoot, MaildevScript(repositoryRoot),
            ["--smtp", $"{smtp}", "--web", $"{web}", "--ip", "127.0.0.1", "--web-ip", "127.0.0.1", "--silent"]);
        var emulators = new LocalEmulators(azurite, maildev, blob, queue, table, smtp, web);
        try
        {
            await azurite.WaitUntilListeningAsync(table, StartTimeout, cancellationToken);
            await azurite.WaitUntilListeningAsync(queue, StartTimeout, cancellationToken);
            await maildev.WaitUntilListeningAsync(smtp, StartTimeout, cancellationToken);
            await maildev.WaitUntilListeningAsync(web, StartTimeout, cancellationToken);
        }
        catch
        {
            await emulators.DisposeAsync();
            throw;
        }

        return emulators;
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(maildev.DisposeAsync().AsTask(), azurite.DisposeAsync().AsTask());
    }
}
