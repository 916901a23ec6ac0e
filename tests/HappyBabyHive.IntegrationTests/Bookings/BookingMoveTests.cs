using HappyBabyHive.Bookings.Changes;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Partition;
using HappyBabyHive.IntegrationTests.Courses;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage.Courses;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace HappyBabyHive.IntegrationTests.Bookings;

/// <summary>Moving a family between two course partitions on real Table Storage, including a server dying half way.</summary>
public sealed class BookingMoveTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task A_move_between_two_courses_leaves_one_place_and_one_confirmation()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var (from, to, reference) = await TwoCoursesAndABookingAsync(app);

        var moved = Assert.IsType<TransferOutcome.Moved>(await app.Get<IBookingTransfers>().MoveAsync(new BookingKey(from.Id, reference), to.Id, ChangedBy.Family, CancellationToken.None));

        await AssertMovedAsync(app, from, to, reference, moved.To.Reference);
    }

    [Theory]
    [InlineData(2)] // after the place was held, before the old booking was left
    [InlineData(3)] // after the old booking was left, before the new one was confirmed
    public async Task A_move_whose_server_died_half_way_ends_consistent_after_recovery(int crashAtCommit)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        CrashingPartitionStore? crashing = null;
        await using var app = await AppServices.CreateAsync(emulators, services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
            services.Replace(ServiceDescriptor.Singleton<ICoursePartitionStore>(sp =>
                crashing = new CrashingPartitionStore(ActivatorUtilities.CreateInstance<TableCoursePartitionStore>(sp))));
        });
        var (from, to, reference) = await TwoCoursesAndABookingAsync(app);

        crashing!.CrashAtCommit = crashAtCommit;
        await Assert.ThrowsAsync<IOException>(() => app.Get<IBookingTransfers>().MoveAsync(new BookingKey(from.Id, reference), to.Id, ChangedBy.Family, CancellationToken.None));
        var held = Assert.Single(await TestCourses.BookingsAsync(app, to.Id));
        Assert.Equal(nameof(BookingStatus.Arriving), held.Status);

        clock.Advance(BookingTransferService.InterruptedAfter + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await app.Get<BookingTransferService>().RecoverInterruptedMovesAsync(CancellationToken.None));
        Assert.Equal(0, await app.Get<BookingTransferService>().RecoverInterruptedMovesAsync(CancellationToken.None));

        await AssertMovedAsync(app, from, to, reference, held.Reference);
    }

    private static async Task<(Course From, Course To, string Reference)> TwoCoursesAndABookingAsync(AppServices app)
    {
        var details = TestCourses.Details(capacity: 4, freePlaces: 1);
        var from = await TestCourses.CreateAsync(app, details);
        var to = await TestCourses.CreateAsync(app, details with { FirstSessionDate = DateOnly.Parse(details.FirstSessionDate!, System.Globalization.CultureInfo.InvariantCulture).AddDays(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
        var reference = Assert.Single(await TestCourses.BookAsync(app, from, [TestCourses.Unique("mover")]));
        return (from, to, reference);
    }

    private static async Task AssertMovedAsync(AppServices app, Course from, Course to, string oldReference, string newReference)
    {
        var old = Assert.Single(await TestCourses.BookingsAsync(app, from.Id));
        var arrived = Assert.Single(await TestCourses.BookingsAsync(app, to.Id));
        Assert.Equal((oldReference, nameof(BookingStatus.Cancelled), nameof(CancellationReason.MovedAway)), (old.Reference, old.Status, old.CancellationReason));
        Assert.Equal((to.Id, newReference), (old.MovedToCourseId, old.MovedToReference));
        Assert.Equal((newReference, nameof(BookingStatus.Confirmed)), (arrived.Reference, arrived.Status));
        Assert.Equal(0, (await TestCourses.StoredAsync(app, from.Id)).GeneralPlacesTaken);
        Assert.Equal(1, (await TestCourses.StoredAsync(app, to.Id)).GeneralPlacesTaken);

        // The new course owes exactly one email: the family's confirmation for it.
        var owed = new List<string>();
        await foreach (var row in app.BookingsTable.QueryAsync<OutboxEntityView>(o => o.PartitionKey == to.Id && o.RowKey.CompareTo("outbox|") >= 0 && o.RowKey.CompareTo("outbox}") < 0))
        {
            owed.Add(row.RowKey);
        }

        Assert.Equal([$"outbox|{newReference}|{EmailTemplates.BookingConfirmed}"], owed);
    }

    private sealed class OutboxEntityView : Azure.Data.Tables.ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;
        public string RowKey { get; set; } = string.Empty;
        public DateTimeOffset? Timestamp { get; set; }
        public Azure.ETag ETag { get; set; }
    }

    /// <summary>The real store, except that one commit fails as if the server died just before it (nothing of it written).</summary>
    private sealed class CrashingPartitionStore(ICoursePartitionStore inner) : ICoursePartitionStore
    {
        private int commits;

        public int CrashAtCommit { get; set; }

        public Task<IReadOnlyList<OutboxMessage>> CommitAsync(CourseChangeSet changes, CancellationToken cancellationToken) =>
            CrashAtCommit > 0 && ++commits == CrashAtCommit
                ? throw new IOException("The server died here.")
                : inner.CommitAsync(changes, cancellationToken);

        public Task<CourseSnapshot?> LoadAsync(string courseId, CancellationToken cancellationToken) => inner.LoadAsync(courseId, cancellationToken);

        public Task<IReadOnlyList<Booking>> LoadWaitlistAsync(CourseSnapshot snapshot, CancellationToken cancellationToken) => inner.LoadWaitlistAsync(snapshot, cancellationToken);

        public Task<Booking?> LoadBookingAsync(CourseSnapshot snapshot, string reference, CancellationToken cancellationToken) => inner.LoadBookingAsync(snapshot, reference, cancellationToken);

        public BookingKey? BookingOwed(OwedEmail owed) => inner.BookingOwed(owed);

        public OutboxMessage EmailMessage(string courseId, string reference, string emailTemplate) => inner.EmailMessage(courseId, reference, emailTemplate);

        public Task<Booking?> FindBookingAsync(string courseId, string reference, CancellationToken cancellationToken) => inner.FindBookingAsync(courseId, reference, cancellationToken);

        public Task<IReadOnlyList<BookingKey>> FindLapsedOffersAsync(DateTimeOffset now, CancellationToken cancellationToken) => inner.FindLapsedOffersAsync(now, cancellationToken);

        public Task<IReadOnlyList<BookingKey>> FindPaymentHoldsEndedAsync(DateTimeOffset endedBy, CancellationToken cancellationToken) => inner.FindPaymentHoldsEndedAsync(endedBy, cancellationToken);

        public Task<IReadOnlyList<BookingKey>> FindArrivalsHeldSinceAsync(DateTimeOffset heldBefore, CancellationToken cancellationToken) => inner.FindArrivalsHeldSinceAsync(heldBefore, cancellationToken);

        public Task<IReadOnlyList<BookingKey>> FindRefundsOutstandingAsync(CancellationToken cancellationToken) => inner.FindRefundsOutstandingAsync(cancellationToken);

        public Task<BookingPointer?> FindPointerAsync(string courseId, BookingPointerKey key, CancellationToken cancellationToken) => inner.FindPointerAsync(courseId, key, cancellationToken);

        public Task<IReadOnlyList<Booking>> ListBookingsAsync(string courseId, DateTimeOffset? createdSinceUtc, CancellationToken cancellationToken) => inner.ListBookingsAsync(courseId, createdSinceUtc, cancellationToken);

        public Task<IReadOnlyList<OutboxMessage>> OweEmailToEachAsync(string courseId, IReadOnlyList<Booking> bookings, string emailTemplate, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.OweEmailToEachAsync(courseId, bookings, emailTemplate, now, cancellationToken);
    }
}
