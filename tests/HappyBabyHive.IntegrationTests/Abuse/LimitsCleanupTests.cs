using Azure.Data.Tables;
using HappyBabyHive.Abuse;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Privacy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace HappyBabyHive.IntegrationTests.Abuse;

/// <summary>The retention run on Azurite clears the Limits table: expired windows and used tokens go, live ones stay.</summary>
public sealed class LimitsCleanupTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 3, 45, 0, TimeSpan.Zero);

    [Fact]
    public async Task Rows_expired_more_than_a_day_ago_go_and_every_other_row_stays()
    {
        var clock = new FakeTimeProvider(Now);
        await using var app = await AppServices.CreateAsync(emulators, services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        var store = app.Get<ILimitStore>();
        var none = CancellationToken.None;
        var day = TimeSpan.FromDays(1);
        var quarter = TimeSpan.FromMinutes(15);

        // A daily counter: yesterday's window ended 3h45m ago (stays), the day before's a day and 3h45m ago (goes).
        var today = SharedLimits.WindowStart(Now, day);
        await store.IncrementAsync("daily-a", today, today + day, none);
        await store.IncrementAsync("daily-a", today - day, today, none);
        await store.IncrementAsync("daily-a", today - 2 * day, today - day, none);

        // A 15-minute counter with 120 old windows in its partition (more than one transaction's 100) and the current one.
        var current = SharedLimits.WindowStart(Now, quarter);
        for (var i = 0; i < 120; i++)
        {
            var start = current - day - quarter * (i + 2);
            await store.IncrementAsync("quarter-b", start, start + quarter, none);
        }

        await store.IncrementAsync("quarter-b", current, current + quarter, none);

        // Used form tokens: one expired long ago, one that expired within the margin, one still good.
        Assert.True(await store.TryUseOnceAsync("formtoken-old", "r1", Now - 2 * day, none));
        Assert.True(await store.TryUseOnceAsync("formtoken-recent", "r2", Now - TimeSpan.FromHours(1), none));
        Assert.True(await store.TryUseOnceAsync("formtoken-live", "r3", Now + TimeSpan.FromHours(5), none));

        var counts = await app.Get<RetentionService>().RunAsync(none);

        Assert.Equal(1 + 120 + 1, counts.ExpiredLimitRowsDeleted);
        var limits = app.Get<TableServiceClient>().GetTableClient(app.Storage.LimitsTable);
        var left = (await limits.QueryAsync<TableEntity>().ToListAsync()).Select(r => r.PartitionKey + "/" + r.RowKey).Order().ToList();
        Assert.Equal(
            new[]
            {
                "daily-a/" + Row(today - day), "daily-a/" + Row(today),
                "formtoken-live/used", "formtoken-recent/used",
                "quarter-b/" + Row(current),
            },
            left);

        // The live rows still count, and a second run finds nothing.
        Assert.Equal(2, await store.IncrementAsync("daily-a", today, today + day, none));
        Assert.False(await store.TryUseOnceAsync("formtoken-live", "r4", Now + TimeSpan.FromHours(5), none));
        Assert.Equal(0, (await app.Get<RetentionService>().RunAsync(none)).ExpiredLimitRowsDeleted);
    }

    private static string Row(DateTimeOffset windowStart) => windowStart.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", System.Globalization.CultureInfo.InvariantCulture);
}
