using System.Globalization;
using HappyBabyHive.LocalRunner.Emulators;

namespace HappyBabyHive.TestSupport;

/// <summary>
/// The one Azurite and one maildev a test process shares. tests/run-all.sh starts them once for every test project and
/// says where in HBH_TEST_STORAGE, HBH_TEST_SMTP_PORT and HBH_TEST_MAILDEV_URL; without those (`dotnet test` on one
/// project) the first fixture that asks starts a pair of its own, in memory on free ports, and
/// <see cref="EmulatorsTestFramework"/> stops it when the test assembly has finished.
/// </summary>
public sealed record SharedEmulators(string StorageConnectionString, int SmtpPort, Uri MaildevUrl)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static SharedEmulators? current;
    private static LocalEmulators? owned;

    /// <summary>The emulators tests/run-all.sh started, or null when it did not (or said so only in part).</summary>
    public static SharedEmulators? FromEnvironment()
    {
        var storage = Environment.GetEnvironmentVariable("HBH_TEST_STORAGE");
        var smtp = Environment.GetEnvironmentVariable("HBH_TEST_SMTP_PORT");
        var web = Environment.GetEnvironmentVariable("HBH_TEST_MAILDEV_URL");
        return !string.IsNullOrEmpty(storage)
            && int.TryParse(smtp, NumberStyles.None, CultureInfo.InvariantCulture, out var smtpPort)
            && Uri.TryCreate(web, UriKind.Absolute, out var maildevUrl)
                ? new SharedEmulators(storage, smtpPort, maildevUrl)
                : null;
    }

    /// <summary>The process's emulators: the environment's, or a pair started (once) by the first caller.</summary>
    public static async Task<SharedEmulators> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (current is not null)
            {
                return current;
            }

            current = FromEnvironment();
            if (current is null)
            {
                owned = await LocalEmulators.StartAsync(RepositoryRoot.Find(), new LocalEmulatorOptions(), TextWriter.Null, CancellationToken.None);
                current = new SharedEmulators(owned.StorageConnectionString, owned.SmtpPort, owned.MaildevUrl);
            }

            return current;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Stops the pair this process started (by pid, see ChildProcess); the environment's are run-all.sh's to stop.</summary>
    public static async Task StopAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (owned is not null)
            {
                await owned.DisposeAsync();
            }

            (owned, current) = (null, null);
        }
        finally
        {
            Gate.Release();
        }
    }
}
