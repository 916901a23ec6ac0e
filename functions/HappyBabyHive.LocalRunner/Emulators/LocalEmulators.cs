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

    /// <summary>Start each emulator in a process group of its own, so only its owner stops it (the run command).</summary>
    public bool OwnProcessGroups { get; init; }
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

    // More restarts than this within RestartWindow means the emulator cannot run here; the run command gives up.
    private const int MaxRestarts = 3;
    private static readonly TimeSpan RestartWindow = TimeSpan.FromMinutes(2);

    // Long enough for the run command to notice a signal that also reached its emulators, so it does not restart
    // what is meant to be stopping.
    private static readonly TimeSpan SettleBeforeRestart = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim restarting = new(1, 1);
    private ChildProcess? azurite;
    private ChildProcess? maildev;
    private Func<ChildProcess>? startAzurite;
    private Func<ChildProcess>? startMaildev;

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
        Func<string, string, string, IEnumerable<string>, ChildProcess> start = options.OwnProcessGroups ? ChildProcess.StartNodeInOwnProcessGroup : ChildProcess.StartNode;
        Func<ChildProcess>? startAzurite = null;
        Func<ChildProcess>? startMaildev = null;
        try
        {
            if (!await AlreadyRunningAsync("Azurite", options.ReuseRunning, [blob, queue, table], cancellationToken))
            {
                startAzurite = () => start("Azurite", repositoryRoot, AzuriteScript(repositoryRoot),
                [
                    "--silent", "--disableProductStyleUrl",

                    // Azure.Storage.Queues speaks a newer storage API version than Azurite 3.37 knows; production is unaffected.
                    "--skipApiVersionCheck",
                    "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
                    "--blobPort", $"{blob}", "--queuePort", $"{queue}", "--tablePort", $"{table}",
                    .. storage,
                ]);
                azurite = startAzurite();
            }

            if (!await AlreadyRunningAsync("maildev", options.ReuseRunning, [smtp, web], cancellationToken))
            {
                startMaildev = () => start("maildev", repositoryRoot, MaildevScript(repositoryRoot),
                    ["--smtp", $"{smtp}", "--web", $"{web}", "--ip", "127.0.0.1", "--web-ip", "127.0.0.1", "--silent"]);
                maildev = startMaildev();
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

        return new LocalEmulators(azurite, maildev, blob, queue, table, smtp, web) { startAzurite = startAzurite, startMaildev = startMaildev };
    }

    /// <summary>
    /// Watches the emulators this instance started until <paramref name="stopping"/>: when one exits underneath the
    /// run command, says so plainly on <paramref name="log"/> and starts it again on the same ports (Azurite's data
    /// on disk is kept). Throws, with the emulator's last output, if it keeps exiting, so the run command can exit.
    /// <paramref name="azuriteRestarted"/> runs after Azurite is back: a hard-killed Azurite loses what it had not yet
    /// saved to disk (tables and queues created moments before), so the caller creates them again.
    /// </summary>
    public async Task SuperviseAsync(TextWriter log, Func<CancellationToken, Task>? azuriteRestarted, CancellationToken stopping)
    {
        var restarts = new Queue<DateTime>();
        while (!stopping.IsCancellationRequested)
        {
            var watched = new[] { azurite, maildev }.OfType<ChildProcess>().ToList();
            if (watched.Count == 0)
            {
                // Both were already running and are reused: they are their owner's to look after, and the run command
                // must keep serving until it is stopped (returning here used to end it straight after start-up).
                await Task.Delay(Timeout.Infinite, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                return;
            }

            var exited = await Task.WhenAny(watched.Select(async c =>
            {
                await c.WaitForExitAsync(stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                return c;
            }));
            var child = await exited;
            await Task.Delay(SettleBeforeRestart, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stopping.IsCancellationRequested || !child.HasExited)
            {
                return;
            }

            log.WriteLine($"{child.Name} (pid {child.ProcessId}) stopped unexpectedly (exit code {child.ExitCode}). The app cannot reach it; restarting it on the same ports...");
            while (restarts.Count > 0 && DateTime.UtcNow - restarts.Peek() > RestartWindow)
            {
                restarts.Dequeue();
            }

            if (restarts.Count >= MaxRestarts)
            {
                throw new InvalidOperationException(
                    $"{child.Name} stopped {MaxRestarts + 1} times within {RestartWindow.TotalMinutes:0} minutes, so the run command is giving up. Its last output:\n{child.RecentOutput}");
            }

            restarts.Enqueue(DateTime.UtcNow);
            var restarted = await RestartAsync(child, stopping);
            if (ReferenceEquals(restarted, azurite) && azuriteRestarted is not null)
            {
                await azuriteRestarted(stopping);
            }

            log.WriteLine($"{restarted.Name} is running again (pid {restarted.ProcessId}).");
        }
    }

    private async Task<ChildProcess> RestartAsync(ChildProcess exited, CancellationToken stopping)
    {
        await restarting.WaitAsync(stopping);
        try
        {
            await exited.DisposeAsync();
            if (ReferenceEquals(exited, azurite))
            {
                azurite = startAzurite!();
                await azurite.WaitUntilListeningAsync(TablePort, StartTimeout, stopping);
                await azurite.WaitUntilListeningAsync(QueuePort, StartTimeout, stopping);
                return azurite;
            }

            maildev = startMaildev!();
            await maildev.WaitUntilListeningAsync(SmtpPort, StartTimeout, stopping);
            await maildev.WaitUntilListeningAsync(MaildevWebPort, StartTimeout, stopping);
            return maildev;
        }
        finally
        {
            restarting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Not while a restart is starting a replacement, which would then be left running.
        await restarting.WaitAsync();
        try
        {
            await Task.WhenAll(
                maildev?.DisposeAsync().AsTask() ?? Task.CompletedTask,
                azurite?.DisposeAsync().AsTask() ?? Task.CompletedTask);
        }
        finally
        {
            restarting.Release();
        }
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
