using Azure;
using Azure.Data.Tables;
using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Storage.Courses;
using HappyBabyHive.Storage;

namespace HappyBabyHive.IntegrationTests.Bookings;

public sealed class BookingConcurrencyTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Forty_parents_racing_for_eight_places_give_eight_confirmed_and_thirty_two_waitlisted()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = SampleCourses.Upcoming(capacity: 10, freePlaces: 2);
        await app.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None);
        var service = app.Get<IBookingService>();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ =>
            Task.Run(() => service.BookAsync(TestBookings.For(course), idempotencyKey: null, CancellationToken.None))));

        var receipts = outcomes.Select(o => Assert.IsType<BookingOutcome.Created>(o).Receipt).ToList();
        Assert.Equal(8, receipts.Count(r => r.Status == BookingStatus.Confirmed));
        Assert.Equal(32, receipts.Count(r => r.Status == BookingStatus.Waitlisted));
        Assert.Equal(Enumerable.Range(1, 32), receipts.Where(r => r.WaitlistPosition is not null).Select(r => r.WaitlistPosition!.Value).Order());

        var stored = (await app.BookingsTable.GetEntityAsync<CourseEntity>(course.Id, RowKeys.Course)).Value;
        Assert.Equal((8, 32), (stored.GeneralPlacesTaken, stored.WaitlistCount));
        Assert.Equal(40, await CountAsync(app.BookingsTable, course.Id, RowKeys.BookingPrefix));
        Assert.Equal(40, await CountAsync(app.BookingsTable, course.Id, RowKeys.OutboxPrefix));
    }

    [Fact]
    public async Task A_transaction_with_a_stale_etag_is_rejected_whole()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var table = app.BookingsTable;
        await table.AddEntityAsync(new TableEntity("p", "counter") { ["Count"] = 1 });
        var stale = (await table.GetEntityAsync<TableEntity>("p", "counter")).Value;
        var fresh = (await table.GetEntityAsync<TableEntity>("p", "counter")).Value;
        fresh["Count"] = 2;
        await table.UpdateEntityAsync(fresh, fresh.ETag, TableUpdateMode.Replace);

        stale["Count"] = 99;
        var failure = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", "booking")),
            new TableTransactionAction(TableTransactionActionType.UpdateReplace, stale, stale.ETag),
        ]));

        Assert.Equal(412, failure.Status);
        Assert.Equal(1, failure.FailedTransactionActionIndex);
        Assert.False((await table.GetEntityIfExistsAsync<TableEntity>("p", "booking")).HasValue);
        Assert.Equal(2, (await table.GetEntityAsync<TableEntity>("p", "counter")).Value.GetInt32("Count"));
    }

    internal static async Task<int> CountAsync(TableClient table, string partition, string rowPrefix)
    {
        var end = RowKeys.PrefixEnd(rowPrefix);
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition && e.RowKey.CompareTo(rowPrefix) >= 0 && e.RowKey.CompareTo(end) < 0))
        {
            count++;
        }

        return count;
    }
}
