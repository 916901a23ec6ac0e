using HappyBabyHive.LocalRunner.Emulators;

namespace HappyBabyHive.IntegrationTests.Support;

/// <summary>
/// Real Azurite and a real SMTP server (maildev) for the whole test run. When HBH_TEST_STORAGE and HBH_TEST_MAILDEV
/// are set (tests/run-all.sh starts them once for every test project), those are used; otherwise this starts its own
/// on free ports, in memory, so `dotnet test` on this project alone works too.
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    private LocalEmulators? owned;

    public string StorageConnectionString { get; private set; } = string.Empty;

    public int SmtpPort { get; private set; }

    public Maildev Maildev { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var storage = Environment.GetEnvironmentVariable("HBH_TEST_STORAGE");
        var smtp = Environment.GetEnvironmentVariable("HBH_TEST_SMTP_PORT");
        var web = Environment.GetEnvironmentVariable("HBH_TEST_MAILDEV_URL");
        if (!string.IsNullOrEmpty(storage) && int.TryParse(smtp, out var smtpPort) && Uri.TryCreate(web, UriKind.Absolute, out var webUrl))
        {
            StorageConnectionString = storage;
            SmtpPort = smtpPort;
            Maildev = new Maildev(webUrl);
            return;
        }

        owned = await LocalEmulators.StartAsync(RepositoryRoot.Find(), new LocalEmulatorOptions(), TextWriter.Null, CancellationToken.None);
        StorageConnectionString = owned.StorageConnectionString;
        SmtpPort = owned.SmtpPort;
        Maildev = new Maildev(owned.MaildevUrl);
    }

    public async Task DisposeAsync()
    {
        Maildev?.Dispose();
        if (owned is not null)
        {
            await owned.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class UsesEmulators : ICollectionFixture<EmulatorFixture>
{
    public const string Name = "Azurite and maildev";
}
