using Azure.Data.Tables;
using Azure.Storage.Blobs;
using HappyBabyHive.Backups;
using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HappyBabyHive.IntegrationTests.Backups;

/// <summary>The nightly backup on Azurite: back up every table, wipe them, restore, and find every entity as it was.</summary>
public sealed class TableBackupTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    private static readonly DateTimeOffset Night = new(2026, 11, 30, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Back_up_wipe_restore_gives_back_every_entity_with_its_types()
    {
        await using var app = await CreateAsync();
        var course = SampleCourses.Upcoming();
        await app.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            await app.Get<IBookingService>().BookAsync(TestBookings.For(course), null, CancellationToken.None);
        }

        // Every property type Table Storage has, including the awkward ones (Int64 beyond double precision, binary).
        var settings = app.Get<TableServiceClient>().GetTableClient(app.Storage.SettingsTable);
        await settings.AddEntityAsync(new TableEntity("backup-test", "all-types")
        {
            ["Text"] = "Hello <b>&</b> \"quoted\"\nnew line, £ and 👶",
            ["Small"] = -42,
            ["Large"] = 9_007_199_254_740_993L,
            ["Fraction"] = 0.1 + 0.2,
            ["Flag"] = true,
            ["When"] = new DateTimeOffset(2026, 3, 29, 0, 59, 59, 999, TimeSpan.Zero),
            ["Id"] = Guid.Parse("5a1b0f6e-4b7c-4e4a-9d55-2b8d1f3c7a10"),
            ["Bytes"] = new byte[] { 0, 1, 2, 254, 255 },
        });
        // More than one transaction's worth (100) in one partition.
        for (var i = 0; i < 130; i++)
        {
            await settings.AddEntityAsync(new TableEntity("bulk", $"row-{i:D3}") { ["N"] = i });
        }

        var before = await SnapshotAsync(app);
        var manifest = await app.Get<ITableBackups>().BackupAsync(CancellationToken.None);
        Assert.Equal("2026-11-30", manifest.Night);
        Assert.Equal(app.Storage.BackedUpTables.Count(), manifest.Tables.Count); // every table but Limits (counters worth nothing a day later)
        Assert.Equal(before.Count, manifest.Tables.Values.Sum());

        await WipeAsync(app);
        Assert.Empty(await SnapshotAsync(app));

        var restored = Assert.IsType<RestoreOutcome.Restored>(await app.Get<ITableBackups>().RestoreAsync("2026-11-30", CancellationToken.None));

        Assert.Equal(before.Count, restored.Tables.Values.Sum());
        var after = await SnapshotAsync(app);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (key, properties) in before)
        {
            Assert.Equal(properties, after[key]);
        }
    }

    [Fact]
    public async Task Restoring_brings_back_deleted_and_changed_rows_and_keeps_rows_created_since()
    {
        await using var app = await CreateAsync();
        var settings = app.Get<TableServiceClient>().GetTableClient(app.Storage.SettingsTable);
        await settings.AddEntityAsync(new TableEntity("p", "deleted") { ["V"] = 1 });
        await settings.AddEntityAsync(new TableEntity("p", "changed") { ["V"] = 1 });
        await app.Get<ITableBackups>().BackupAsync(CancellationToken.None);

        await settings.DeleteEntityAsync("p", "deleted");
        await settings.UpsertEntityAsync(new TableEntity("p", "changed") { ["V"] = 2, ["Extra"] = "x" }, TableUpdateMode.Replace);
        await settings.AddEntityAsync(new TableEntity("p", "created-since") { ["V"] = 3 });

        Assert.IsType<RestoreOutcome.Restored>(await app.Get<ITableBackups>().RestoreAsync("2026-11-30", CancellationToken.None));

        Assert.Equal(1, (await settings.GetEntityAsync<TableEntity>("p", "deleted")).Value.GetInt32("V"));
        var changed = (await settings.GetEntityAsync<TableEntity>("p", "changed")).Value;
        Assert.Equal((1, false), (changed.GetInt32("V"), changed.ContainsKey("Extra")));
        Assert.Equal(3, (await settings.GetEntityAsync<TableEntity>("p", "created-since")).Value.GetInt32("V"));
    }

    [Fact]
    public async Task A_backup_that_never_finished_or_a_bad_night_is_refused_and_nothing_is_written()
    {
        await using var app = await CreateAsync();
        var container = app.Get<BlobServiceClient>().GetBlobContainerClient(app.Get<Microsoft.Extensions.Options.IOptions<BackupOptions>>().Value.ContainerName);
        await container.CreateIfNotExistsAsync();
        // A night whose export stopped before the manifest: its table file is there, its manifest is not.
        await container.GetBlobClient("2026-11-29/Settings.jsonl").UploadAsync(BinaryData.FromString("""{"PartitionKey":"p","RowKey":"r","Properties":{}}""" + "\n"));

        Assert.IsType<RestoreOutcome.NotFound>(await app.Get<ITableBackups>().RestoreAsync("2026-11-29", CancellationToken.None));
        Assert.IsType<RestoreOutcome.InvalidNight>(await app.Get<ITableBackups>().RestoreAsync("../2026-11-29", CancellationToken.None));
        Assert.IsType<RestoreOutcome.InvalidNight>(await app.Get<ITableBackups>().RestoreAsync(null, CancellationToken.None));
        Assert.Empty(await app.Get<ITableBackups>().ListAsync(CancellationToken.None));
        Assert.Empty(await SnapshotAsync(app));
    }

    [Fact]
    public async Task Backups_are_listed_newest_first_one_folder_per_night()
    {
        var clock = new FakeTimeProvider(Night.AddDays(-1));
        await using var app = await CreateAsync(clock);
        await app.Get<ITableBackups>().BackupAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(1));
        await app.Get<ITableBackups>().BackupAsync(CancellationToken.None);
        await app.Get<ITableBackups>().BackupAsync(CancellationToken.None); // a retry the same night overwrites that night

        var listed = await app.Get<ITableBackups>().ListAsync(CancellationToken.None);

        Assert.Equal(["2026-11-30", "2026-11-29"], listed.Select(m => m.Night));
    }

    [Fact]
    public async Task The_admin_endpoint_answers_a_bad_night_with_a_problem_and_a_missing_one_with_404()
    {
        await using var app = await CreateAsync();
        var functions = new HappyBabyHive.Functions.ManageBackupsHttp(app.Get<ITableBackups>());
        var request = new Microsoft.AspNetCore.Http.DefaultHttpContext().Request;

        var bad = Assert.IsType<Microsoft.AspNetCore.Mvc.ObjectResult>(await functions.RestoreBackup(request, "last-tuesday", CancellationToken.None));
        var missing = Assert.IsType<Microsoft.AspNetCore.Mvc.ObjectResult>(await functions.RestoreBackup(request, "2020-01-01", CancellationToken.None));

        Assert.Equal((400, 404), (bad.StatusCode, missing.StatusCode));
        Assert.IsType<Microsoft.AspNetCore.Mvc.ProblemDetails>(bad.Value);
    }

    private async Task<AppServices> CreateAsync(FakeTimeProvider? clock = null)
    {
        clock ??= new FakeTimeProvider(Night);
        var container = "backup-" + Guid.NewGuid().ToString("N")[..12];
        return await AppServices.CreateAsync(
            emulators,
            s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)),
            s => s["Backup:ContainerName"] = container);
    }

    /// <summary>Every entity of every table, keyed by table/partition/row, with its properties (values and their CLR types).</summary>
    private static async Task<Dictionary<string, Dictionary<string, object>>> SnapshotAsync(AppServices app)
    {
        var snapshot = new Dictionary<string, Dictionary<string, object>>(StringComparer.Ordinal);
        foreach (var table in app.Storage.AllTables)
        {
            await foreach (var entity in app.Get<TableServiceClient>().GetTableClient(table).QueryAsync<TableEntity>())
            {
                snapshot[$"{table}/{entity.PartitionKey}/{entity.RowKey}"] = entity
                    .Where(p => p.Key is not ("Timestamp" or "odata.etag") && p.Value is not null)
                    .ToDictionary(p => p.Key, p => p.Value is BinaryData b ? Convert.ToBase64String(b.ToArray()) : p.Value is byte[] bytes ? Convert.ToBase64String(bytes) : p.Value);
            }
        }

        return snapshot;
    }

    private static async Task WipeAsync(AppServices app)
    {
        foreach (var table in app.Storage.AllTables)
        {
            var client = app.Get<TableServiceClient>().GetTableClient(table);
            await foreach (var entity in client.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
            {
                await client.DeleteEntityAsync(entity.PartitionKey, entity.RowKey);
            }
        }
    }
}
