using System.Text.Json;
using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage.Courses;
using HappyBabyHive.Storage;

namespace HappyBabyHive.IntegrationTests.Bookings;

/// <summary>
/// Concurrent bookings for one course are combined into shared transactions (one writer per course per instance).
/// Two app instances on the same storage stand in for two Functions instances: only the course row's ETag
/// coordinates them.
/// </summary>
public sealed class CombinedBookingTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Two_instances_booking_one_course_at_once_never_overbook_and_owe_each_booking_one_email()
    {
        await using var first = await AppServices.CreateAsync(emulators);
        var second = await SecondInstanceAsync(first);
        try
        {
            var course = SampleCourses.Upcoming(capacity: 10, freePlaces: 2);
            await first.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None);

            // 120 bookings: more than one transaction holds (100 entities), so every instance needs several rounds.
            var requests = Enumerable.Range(0, 120).Select(i => TestBookings.For(course, $"parent{i}@example.co.uk")).ToList();
            var outcomes = await Task.WhenAll(requests.Select((request, i) => Task.Run(() =>
                (i % 2 == 0 ? first : second).Get<IBookingService>().BookAsync(request, idempotencyKey: $"key-{i}", CancellationToken.None))));

            var receipts = outcomes.Select(o => Assert.IsType<BookingOutcome.Created>(o).Receipt).ToList();
            Assert.Equal(8, receipts.Count(r => r.Status == BookingStatus.Confirmed));
            Assert.Equal(Enumerable.Range(1, 112), receipts.Where(r => r.Status == BookingStatus.Waitlisted).Select(r => r.WaitlistPosition!.Value).Order());
            Assert.Equal(120, receipts.Select(r => r.Reference).Distinct().Count());

            var stored = (await first.BookingsTable.GetEntityAsync<CourseEntity>(course.Id, RowKeys.Course)).Value;
            Assert.Equal((8, 112), (stored.GeneralPlacesTaken, stored.WaitlistCount));
            Assert.Equal(120, await BookingConcurrencyTests.CountAsync(first.BookingsTable, course.Id, RowKeys.BookingPrefix));

            // Exactly one queued email per booking, each pointing at that booking's own outbox row.
            var queued = new List<OutboxMessage>();
            while ((await first.EmailQueue.ReceiveMessagesAsync(32)).Value is { Length: > 0 } batch)
            {
                queued.AddRange(batch.Select(m => JsonSerializer.Deserialize<OutboxMessage>(m.Body, OutboxMessage.Json)!));
            }

            Assert.Equal(
                receipts.Select(r => RowKeys.Outbox(r.Reference, r.Status == BookingStatus.Confirmed ? EmailTemplates.BookingConfirmed : EmailTemplates.BookingWaitlisted)).Order(),
                queued.Select(m => m.RowKey).Order());
        }
        finally
        {
            await second.Provider.DisposeAsync();
        }
    }

    [Fact]
    public async Task Replays_still_replay_when_the_same_request_reaches_both_instances_at_once()
    {
        await using var first = await AppServices.CreateAsync(emulators);
        var second = await SecondInstanceAsync(first);
        try
        {
            var course = SampleCourses.Upcoming();
            await first.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None);
            var request = TestBookings.For(course);
            var others = Enumerable.Range(0, 10).Select(i => TestBookings.For(course, $"other{i}@example.co.uk")).ToList();

            // The same double-clicked request ten times, mixed in with other families' bookings on both instances.
            var sameKey = Enumerable.Range(0, 10).Select(i => Task.Run(() =>
                (i % 2 == 0 ? first : second).Get<IBookingService>().BookAsync(request, "double-click", CancellationToken.None)));
            var rest = others.Select((other, i) => Task.Run(() =>
                (i % 2 == 0 ? second : first).Get<IBookingService>().BookAsync(other, null, CancellationToken.None)));
            var outcomes = await Task.WhenAll(sameKey);
            await Task.WhenAll(rest);

            var created = Assert.Single(outcomes.OfType<BookingOutcome.Created>());
            Assert.All(outcomes.OfType<BookingOutcome.Replayed>(), r => Assert.Equal(created.Receipt.Reference, r.Receipt.Reference));
            Assert.Equal(9, outcomes.OfType<BookingOutcome.Replayed>().Count());

            // Afterwards, on either instance: the same key replays, the same key with other details is refused, and the
            // same family with a new key is answered like a new booking (never with theirs; they are emailed it).
            var replay = Assert.IsType<BookingOutcome.Replayed>(await second.Get<IBookingService>().BookAsync(request, "double-click", CancellationToken.None));
            Assert.Equal(created.Receipt, replay.Receipt);
            Assert.IsType<BookingOutcome.IdempotencyKeyReused>(await first.Get<IBookingService>().BookAsync(others[0], "double-click", CancellationToken.None));
            Assert.NotEqual(created.Receipt.Reference, Assert.IsType<BookingOutcome.Created>(
                await first.Get<IBookingService>().BookAsync(request, "a-new-key", CancellationToken.None)).Receipt.Reference);

            Assert.Equal(11, await BookingConcurrencyTests.CountAsync(first.BookingsTable, course.Id, RowKeys.BookingPrefix));
            var stored = (await first.BookingsTable.GetEntityAsync<CourseEntity>(course.Id, RowKeys.Course)).Value;
            Assert.Equal(11, stored.GeneralPlacesTaken + stored.WaitlistCount);
        }
        finally
        {
            await second.Provider.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_family_twice_and_a_reused_key_in_one_round_get_the_right_answers()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = SampleCourses.Upcoming();
        await app.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None);
        var service = app.Get<IBookingService>();
        var family = TestBookings.For(course, "twice@example.co.uk");

        // Started together, so they share rounds: the family's second booking (another key) is answered like a new
        // booking but stores nothing; a different family sending the stored key is refused; a baby's twin is a booking of its own.
        var outcomes = await Task.WhenAll(
            Task.Run(() => service.BookAsync(family, "key-a", CancellationToken.None)),
            Task.Run(() => service.BookAsync(family with { ParentName = "Samantha Smith" }, "key-b", CancellationToken.None)),
            Task.Run(() => service.BookAsync(TestBookings.For(course, "twice@example.co.uk", baby: "Grace"), null, CancellationToken.None)));

        var references = outcomes.Select(o => Assert.IsType<BookingOutcome.Created>(o).Receipt.Reference).ToList();
        Assert.Equal(3, references.Distinct().Count());

        // Only the booking that was stored keeps its key (the repeat stores nothing), so that key now refuses other details.
        var storedKey = (await app.BookingsTable.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>(course.Id, RowKeys.Booking(references[0]))).HasValue ? "key-a" : "key-b";
        Assert.IsType<BookingOutcome.IdempotencyKeyReused>(await service.BookAsync(TestBookings.For(course), storedKey, CancellationToken.None));
        Assert.Equal(2, await BookingConcurrencyTests.CountAsync(app.BookingsTable, course.Id, RowKeys.BookingPrefix));
    }

    /// <summary>A second, separately built app (its own lanes, clients and caches) on the first one's tables and queues.</summary>
    private async Task<AppServices> SecondInstanceAsync(AppServices first) =>
        await AppServices.CreateAsync(emulators, settings: values => values["Storage:NamePrefix"] = first.Storage.NamePrefix);
}
