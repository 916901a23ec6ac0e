using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using HappyBabyHive.Courses;
using Microsoft.Extensions.DependencyInjection;
using HappyBabyHive.LocalRunner.Emulators;
using HappyBabyHive.LocalRunner.Hosting;
using HappyBabyHive.Storage;
using Microsoft.Playwright;

// Stops the emulators SharedEmulators started, once every test has finished.
[assembly: TestFramework(EmulatorsTestFramework.TypeName, EmulatorsTestFramework.AssemblyName)]

namespace HappyBabyHive.BrowserTests.Support;

/// <summary>
/// The whole app served over real HTTP by the local runner (LocalFunctionsHost reads functions.metadata and serves the
/// same functions on Kestrel, polling the email queue and running timers), on real Azurite and maildev, plus one
/// Chromium for the collection. Uses the emulators tests/run-all.sh started when it says so, otherwise its own
/// (SharedEmulators; EmulatorsTestFramework stops them after the last test).
/// </summary>
public class AppOverHttp : IAsyncLifetime
{
    /// <summary>Each run has its own owner address, so a shared maildev never shows another run's emails.</summary>
    public string OwnerEmail { get; } = $"owner-{Guid.NewGuid():N}@happybabyhive.test";

    /// <summary>The booking terms page the booking form links to (Business:TermsUrl).</summary>
    public const string TermsUrl = "https://www.happybabyhive.test/booking-terms";

    public LocalFunctionsHost Host { get; private set; } = null!;

    public Maildev Maildev { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string RepositoryRootPath { get; } = RepositoryRoot.Find();

    /// <summary>A port for a stand-in of the business's website (another origin), allowed to frame the forms.</summary>
    public int WebsitePort { get; } = FreePort.Next();

    public string WebsiteOrigin => $"http://127.0.0.1:{WebsitePort}";

    private IPlaywright? playwright;

    /// <summary>Settings a variant of the app adds (PaidAppOverHttp: payments against the fake Stripe), "__" form.</summary>
    protected virtual Task<IReadOnlyDictionary<string, string?>> MoreSettingsAsync() => Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>());

    /// <summary>Called once the app is serving.</summary>
    protected virtual void Started()
    {
    }

    /// <summary>The app's table and queue names (a variant uses its own prefix, so it never reads another's queues).</summary>
    protected virtual StorageOptions Storage { get; } = new();

    public async Task InitializeAsync()
    {
        var emulators = await SharedEmulators.GetAsync();
        Maildev = new Maildev(emulators.MaildevUrl);
        var storage = emulators.StorageConnectionString;
        await TestStorage.CreateAsync(new TableServiceClient(storage), new QueueServiceClient(storage, StorageClients.QueueOptions()), Storage);
        var more = await MoreSettingsAsync();

        var port = FreePort.Next();
        Host = await LocalFunctionsHost.StartAsync(new LocalFunctionsHostOptions
        {
            Port = port,
            Settings = new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = storage,
                ["Smtp__Host"] = "127.0.0.1",
                ["Smtp__Port"] = emulators.SmtpPort.ToString(CultureInfo.InvariantCulture),
                ["Business__OwnerEmail"] = OwnerEmail,
                ["Business__PublicBaseUrl"] = $"http://127.0.0.1:{port}",
                ["Business__TermsUrl"] = TermsUrl,
                ["Links__SigningKey"] = "OYV0WH4E5xt8ZgeWgOf9KRfgz1LdkGEPAfoitrJUSlsBdiZdVD+MDOW8eIH1wicj",
                ["Website__AllowedOrigins"] = WebsiteOrigin,

                // Only what the test drives: the sweeps would only add noise (and a shared Azurite may hold others' rows).
                ["AzureWebJobs.SweepOutbox.Disabled"] = "true",
                ["AzureWebJobs.PurgeFreePlaceNotes.Disabled"] = "true",
                ["AzureWebJobs.ApplyRetention.Disabled"] = "true",
                ["AzureWebJobs.SendSessionReminders.Disabled"] = "true",
                ["AzureWebJobs.RecoverInterruptedMoves.Disabled"] = "true",
                ["AzureWebJobs.LapseEndedOffers.Disabled"] = "true",
                ["AzureWebJobs.ReleaseUnpaidHolds.Disabled"] = "true",
                ["AzureWebJobs.ReleaseUnusedFreePlaces.Disabled"] = "true",
            }

            // Every test posts from 127.0.0.1, and a browser fills a form in milliseconds; the limits and the form
            // token's timing are tested in the function and integration tests, here they would only make tests
            // depend on each other's order.
            .Concat(TestSettings.RelaxedAbuse("__")).Concat(more).ToDictionary(),
        });
        Started();

        playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(playwright);
    }

    /// <summary>Adds a five-week Tuesday-style course a month away (8 general places, 2 free) and returns it.</summary>
    public async Task<Course> SeedCourseAsync(string title)
    {
        var course = SampleCourses.Upcoming() with { Title = title, Venue = "The Hive Room, Cottingham", Description = "Five calm weeks." };
        Assert.True(await Host.Services.GetRequiredService<ICourseStore>().TryAddAsync(course, CancellationToken.None));
        return course;
    }

    public virtual async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        Maildev?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class UsesApp : ICollectionFixture<AppOverHttp>
{
    public const string Name = "The app over HTTP, with Chromium";
}
