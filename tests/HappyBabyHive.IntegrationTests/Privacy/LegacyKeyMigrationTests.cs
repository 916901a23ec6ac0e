using Azure.Data.Tables;
using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Partition;
using HappyBabyHive.Functions;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Privacy;
using HappyBabyHive.Storage;
using HappyBabyHive.WellbeingTips;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using static HappyBabyHive.IntegrationTests.WellbeingTips.TipsTestSupport;

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

        // The family pointer works under its new key: the same family booking again is recognised, so (since the
        // duplicate answer looks like a new booking's) its reference is stored nowhere.
        Assert.Equal(new LegacyKeyMigrationCounts(0, 0, 0), await migration.RunAsync(CancellationToken.None));
        var again = Assert.IsType<BookingOutcome.Created>(await app.Get<IBookingService>().BookAsync(TestBookings.For(course, email), null, CancellationToken.None));
        Assert.False((await app.BookingsTable.GetEntityIfExistsAsync<TableEntity>(course.Id, RowKeys.Booking(again.Receipt.Reference))).HasValue);
    }

    [Fact]
    public async Task Links_emailed_before_the_move_still_confirm_and_unsubscribe_and_their_forwarding_rows_expire_with_them()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        await using var app = await AppServices.CreateAsync(emulators, s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)), NoRateLimit);
        var subscribers = app.Get<TableServiceClient>().GetTableClient(app.Storage.TipSubscribersTable);
        var confirmed = TestBookings.UniqueEmail();
        var pending = TestBookings.UniqueEmail();
        foreach (var (email, status) in new[] { (confirmed, SubscriberStatus.Confirmed), (pending, SubscriberStatus.Pending) })
        {
            await subscribers.AddEntityAsync(new TableEntity(SubscriberKeys.LegacyFor(email), "subscriber")
            {
                ["Email"] = email, ["Status"] = status.ToString(), ["ConsentId"] = "c1", ["ConsentRequestedUtc"] = clock.GetUtcNow(), ["CreatedUtc"] = clock.GetUtcNow(),
            });
        }

        // The links as emailed before the move: they name the old, plain SHA-256 keys.
        var links = app.Get<SubscriptionLinks>();
        var unsubscribeUrl = links.UnsubscribeUrl(SubscriberKeys.LegacyFor(confirmed));
        var confirmUrl = links.ConfirmUrl(SubscriberKeys.LegacyFor(pending), "c1");

        Assert.Equal(new LegacyKeyMigrationCounts(0, 2, 0), await app.Get<ILegacyKeyMigration>().RunAsync(CancellationToken.None));
        var forward = await subscribers.GetEntityAsync<TableEntity>(SubscriberKeys.ForwardFrom(TestSettings.Hasher, SubscriberKeys.LegacyFor(confirmed)), "moved");
        Assert.Equal(SubscriberKeys.For(TestSettings.Hasher, confirmed), forward.Value.GetString("MovedTo"));
        Assert.DoesNotContain(forward.Value, p => p.Value is string text && text.Contains('@', StringComparison.Ordinal));

        var http = app.Create<PublicSubscriptionsHttp>();
        var unsubscribed = Assert.IsType<ContentResult>(await http.Unsubscribe(Post(unsubscribeUrl, "List-Unsubscribe=One-Click"), CancellationToken.None));
        Assert.Equal(200, unsubscribed.StatusCode);
        Assert.Equal(SubscriberStatus.Unsubscribed, (await app.Get<ISubscriberStore>().FindAsync(SubscriberKeys.For(TestSettings.Hasher, confirmed), CancellationToken.None))!.Status);
        var confirmedPage = Assert.IsType<ContentResult>(await http.ConfirmSubscription(Post(confirmUrl.Split('?')[0], "token=" + Uri.EscapeDataString(TokenOf(confirmUrl))), CancellationToken.None));
        Assert.Equal(200, confirmedPage.StatusCode);
        Assert.Equal(SubscriberStatus.Confirmed, (await app.Get<ISubscriberStore>().FindAsync(SubscriberKeys.For(TestSettings.Hasher, pending), CancellationToken.None))!.Status);

        // Once retention has deleted the unsubscribed parent's details, the old link says so instead of pretending.
        clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal(1, (await app.Get<RetentionService>().RunAsync(CancellationToken.None)).UnsubscribedSubscribersDeleted);
        Assert.Equal(404, Assert.IsType<ContentResult>(await http.Unsubscribe(Post(unsubscribeUrl, "List-Unsubscribe=One-Click"), CancellationToken.None)).StatusCode);

        // The forwarding rows go when the last link that could use them has expired (the unsubscribe link's 400 days).
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero) + TimeSpan.FromDays(400) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, (await app.Get<RetentionService>().RunAsync(CancellationToken.None)).SubscriberForwardsDeleted);
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(2, (await app.Get<RetentionService>().RunAsync(CancellationToken.None)).SubscriberForwardsDeleted);
    }
}
