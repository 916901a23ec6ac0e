using Azure.Data.Tables;
using HappyBabyHive.Bookings;
using HappyBabyHive.IntegrationTests.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Partition;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Privacy;
using HappyBabyHive.Storage;
using HappyBabyHive.WellbeingTips;

namespace HappyBabyHive.IntegrationTests.Privacy;

/// <summary>The re-key job on Azurite: rows as written before issue 17 (plain SHA-256 keys) move to the keyed hash, once.</summary>
public sealed class LegacyKeyMigrationTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Legacy_rows_move_to_keyed_hashes_and_a_second_run_changes_nothing()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = SampleCourses.Upcoming();
        await app.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None);
        var email = TestBookings.UniqueEmail();
        var booked = Assert.IsType<BookingOutcome.Created>(await app.Get<IBookingService>().BookAsync(TestBookings.For(course, email), null, CancellationToken.None));

        // Turn the booking's family pointer into the one the old code wrote.
        var keyedRow = RowKeys.ForPointer(BookingPointerKey.Family(TestSettings.Hasher, email, "Ada"));
        var legacyRow = RowKeys.LegacyFamily(BookingPointerKey.FamilyValue(email, "Ada"));
        await app.BookingsTable.DeleteEntityAsync(course.Id, keyedRow);
        await app.BookingsTable.AddEntityAsync(new TableEntity(course.Id, legacyRow) { ["Reference"] = booked.Receipt.Reference });

        var tables = app.Get<TableServiceClient>();
        var subscribers = tables.GetTableClient(app.Storage.TipSubscribersTable);
        var publications = tables.GetTableClient(app.Storage.TipPublicationsTable);
        var legacyKey = SubscriberKeys.LegacyFor(email);
        var keyed = SubscriberKeys.For(TestSettings.Hasher, email);
        await subscribers.AddEntityAsync(new TableEntity(legacyKey, "subscriber") { ["Email"] = email, ["Status"] = nameof(SubscriberStatus.Confirmed), ["ConsentId"] = "c1" });
        await subscribers.AddEntityAsync(new TableEntity(legacyKey, "consent|0001") { ["Event"] = "confirmed" });
        await publications.AddEntityAsync(new TableEntity("sent|2026-W40", legacyKey) { ["Status"] = "Sent" });

        var migration = app.Get<ILegacyKeyMigration>();
        Assert.Equal(new LegacyKeyMigrationCounts(1, 1, 1), await migration.RunAsync(CancellationToken.None));

        Assert.Equal(booked.Receipt.Reference, (await app.BookingsTable.GetEntityAsync<TableEntity>(course.Id, keyedRow)).Value.GetString("Reference"));
        Assert.False((await app.BookingsTable.GetEntityIfExistsAsync<TableEntity>(course.Id, legacyRow)).HasValue);
        var subscriber = await app.Get<ISubscriberStore>().FindAsync(keyed, CancellationToken.None);
        Assert.Equal(SubscriberStatus.Confirmed, subscriber!.Status);
        Assert.Equal(2, (await subscribers.QueryAsync<TableEntity>(r => r.PartitionKey == keyed).ToListAsync()).Count);
        Assert.Empty(await subscribers.QueryAsync<TableEntity>(r => r.PartitionKey == legacyKey).ToListAsync());
        Assert.True((await publications.GetEntityIfExistsAsync<TableEntity>("sent|2026-W40", keyed)).HasValue);
        Assert.False((await publications.GetEntityIfExistsAsync<TableEntity>("sent|2026-W40", legacyKey)).HasValue);

        // The family pointer works under its new key: the same family booking again is recognised as a repeat. It is
        // answered like a new booking (issue 17) but nothing is booked, and the family is owed a "you already have a
        // booking" email instead.
        Assert.Equal(new LegacyKeyMigrationCounts(0, 0, 0), await migration.RunAsync(CancellationToken.None));
        var again = Assert.IsType<BookingOutcome.Created>(await app.Get<IBookingService>().BookAsync(TestBookings.For(course, email), null, CancellationToken.None));
        Assert.NotEqual(booked.Receipt.Reference, again.Receipt.Reference);
        Assert.Equal(1, await BookingConcurrencyTests.CountAsync(app.BookingsTable, course.Id, RowKeys.BookingPrefix));
        Assert.Contains(
            await app.BookingsTable.QueryAsync<TableEntity>(r => r.PartitionKey == course.Id).ToListAsync(),
            row => row.RowKey.StartsWith(RowKeys.OutboxPrefix, StringComparison.Ordinal) && row.RowKey.Contains("|booking-duplicate-", StringComparison.Ordinal));
    }
}
