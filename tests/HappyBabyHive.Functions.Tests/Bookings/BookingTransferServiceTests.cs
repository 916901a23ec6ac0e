using HappyBabyHive.Tests.Support;
using HappyBabyHive.Bookings.Changes;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Partition;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage;
using HappyBabyHive.Storage.Courses;
using HappyBabyHive.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace HappyBabyHive.Tests.Bookings;

/// <summary>Moving a family between two courses (two partitions, no shared transaction): the saga and its recovery after a crash at each step.</summary>
public sealed class BookingTransferServiceTests
{
    // Monday 4 January 2027, 09:00 UTC; course A starts Tuesday 2 February, course B a week later.
    private static readonly DateTimeOffset Now = new(2027, 1, 4, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider time = new(Now);
    private readonly InMemoryCoursePartitionStore store = new();
    private readonly Mock<IEmailEnqueuer> queue = new();
    private readonly Course from = SampleCourses.Massage(new DateOnly(2027, 2, 2), id: "massage-a", capacity: 3, freePlaces: 1);
    private readonly Course to = SampleCourses.Massage(new DateOnly(2027, 2, 9), id: "massage-b", capacity: 3, freePlaces: 1);
    private readonly BookingChangeOptions options = new();

    public BookingTransferServiceTests()
    {
        store.Add(from);
        store.Add(to);
    }

    private BookingTransferService Service()
    {
        var courses = new Mock<ICourseStore>();
        courses.Setup(c => c.ListUpcomingAsync(It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => [store.Course(from.Id), store.Course(to.Id)]);
        return new(store, courses.Object, queue.Object, TestSettings.Hasher, Options.Create(options), time, TestPipelines.Concurrency(), NullLogger<BookingTransferService>.Instance);
    }

    private BookingChangeService Changes() =>
        new(store, queue.Object, NoMoney.Settings, NoMoney.Checkout, NoMoney.Refunds, Options.Create(options), time, TestPipelines.Concurrency(), NullLogger<BookingChangeService>.Instance);

    private async Task BookAsync(Course course, string reference, BookingStatus status = BookingStatus.Confirmed)
    {
        var changes = (await store.LoadAsync(course.Id, CancellationToken.None))!.Change(Now.AddDays(-1));
        if (status == BookingStatus.Confirmed)
        {
            changes.TakeGeneralPlace();
        }

        changes.AddBooking(new Booking
        {
            Reference = reference,
            Status = status,
            WaitlistPosition = status == BookingStatus.Waitlisted ? changes.JoinWaitlist() : null,
            ParentName = "Sam Smith",
            Email = $"{reference.ToLowerInvariant()}@example.co.uk",
            BabyFirstName = "Ada",
            BabyDateOfBirth = new DateOnly(2026, 11, 20),
            CreatedUtc = Now.AddDays(-1),
        });
        await store.CommitAsync(changes, CancellationToken.None);
    }

    private Booking Stored(string courseId, string reference) => store.FindBookingAsync(courseId, reference, CancellationToken.None).Result!;

    private List<Booking> Bookings(string courseId) => store.ListBookingsAsync(courseId, null, CancellationToken.None).Result.ToList();

    private List<string> OwedEmails(string courseId) =>
        store.Rows<OutboxEntity>(courseId, RowKeys.OutboxPrefix).Select(o => o.RowKey[RowKeys.OutboxPrefix.Length..]).Order(StringComparer.Ordinal).ToList();

    private static BookingKey Key(Course course, string reference) => new(course.Id, reference);

    /// <summary>Makes the <paramref name="n"/>th commit from now fail as a crash would (nothing of it written).</summary>
    private void CrashAtCommit(int n)
    {
        var seen = 0;
        store.BeforeCommit = () => ++seen == n ? throw new IOException("The server died here.") : Task.CompletedTask;
    }

    [Fact]
    public async Task A_move_frees_the_old_place_takes_a_new_one_and_owes_one_confirmation()
    {
        await BookAsync(from, "B1");

        var outcome = await Service().MoveAsync(Key(from, "B1"), to.Id, ChangedBy.Family, CancellationToken.None);

        var moved = Assert.IsType<TransferOutcome.Moved>(outcome);
        Assert.Equal((BookingStatus.Cancelled, CancellationReason.MovedAway), (moved.From.Status, moved.From.CancellationReason));
        Assert.Equal(new BookingKey(to.Id, moved.To.Reference), Stored(from.Id, "B1").MovedTo);
        Assert.Equal((BookingStatus.Confirmed, Key(from, "B1")), (moved.To.Status, moved.To.MovedFrom));
        Assert.Equal(("Sam Smith", "b1@example.co.uk"), (moved.To.ParentName, moved.To.Email));
        Assert.Equal((0, 1), (store.Course(from.Id).GeneralPlacesTaken, store.Course(to.Id).GeneralPlacesTaken));
        Assert.Empty(OwedEmails(from.Id));
        Assert.Equal([$"{moved.To.Reference}|{EmailTemplates.BookingConfirmed}"], OwedEmails(to.Id));
        queue.Verify(q => q.EnqueueAsync(It.Is<OutboxMessage>(m => m.PartitionKey == to.Id), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task The_place_a_move_frees_is_offered_to_the_old_courses_waitlist_in_the_same_change()
    {
        await BookAsync(from, "B1");
        await BookAsync(from, "B2");
        await BookAsync(from, "W1", BookingStatus.Waitlisted);

        Assert.IsType<TransferOutcome.Moved>(await Service().MoveAsync(Key(from, "B1"), to.Id, ChangedBy.Family, CancellationToken.None));

        Assert.Equal(BookingStatus.Offered, Stored(from.Id, "W1").Status);
        Assert.Equal([$"W1|{EmailTemplates.PlaceOffered}"], OwedEmails(from.Id));
        Assert.Equal((2, 0), (store.Course(from.Id).GeneralPlacesTaken, store.Course(from.Id).WaitlistCount));
    }

    [Fact]
    public async Task Moving_twice_is_harmless_and_says_the_family_has_already_moved()
    {
        await BookAsync(from, "B1");
        var service = Service();
        var first = Assert.IsType<TransferOutcome.Moved>(await service.MoveAsync(Key(from, "B1"), to.Id, ChangedBy.Family, CancellationToken.None));

        var again = await service.MoveAsync(Key(from, "B1"), to.Id, ChangedBy.Family, CancellationToken.None);

        Assert.Equal(first.To.Reference, Assert.IsType<TransferOutcome.AlreadyMoved>(again).To.Reference);
        Assert.Single(Bookings(to.Id));
        Assert.Equal(1, store.Course(to.Id).GeneralPlacesTaken);
        Assert.Single(OwedEmails(to.Id));
    }

    [Fact]
    public async Task A_full_course_is_refused_and_nothing_changes_on_either_side()
    {
        await BookAsync(from, "B1");
        await BookAsync(to, "X1");
        await BookAsync(to, "X2");

        var outcome = await Service().MoveAsync(Key(from, "B1"), to.Id, ChangedBy.Family, CancellationToken.None);

        Assert.IsType<TransferOutcome.NoSpace>(outcome);
        Assert.Equal(BookingStatus.Confirmed, Stored(from.Id, "B1").Status);
        Assert.Equal((1, 2), (store.Course(from.Id).GeneralPlacesTaken, store.Course(to.Id).GeneralPlacesTaken));
        Assert.Empty(await Service().ChoicesAsync(Key(from, "B1"), CancellationToken.None));
    }

    [Fact]
    public async Task Only_a_booked_place_on_a_course_of_the_same_kind_can_move()
    {
        var yoga = SampleCourses.Massage(new DateOnly(2027, 2, 16), id: "yoga-c") with { Kind = CourseKind.BabyYoga };
        store.Add(yoga);
        await BookAsync(from, "B1");
        await BookAsync(from, "B2");
        await BookAsync(from, "W1", BookingStatus.Waitlisted);
        var service = Service();

        Assert.IsType<TransferOutcome.NotMovable>(await service.MoveAsync(Key(from, "B1"), yoga.Id, ChangedBy.Family, CancellationToken.None));
        Assert.IsType<TransferOutcome.NotMovable>(await service.MoveAsync(Key(from, "W1"), to.Id, ChangedBy.Family, CancellationToken.None));
        Assert.IsType<TransferOutcome.NotMovable>(await service.MoveAsync(Key(from, "B1"), from.Id, ChangedBy.Family, CancellationToken.None));
        Assert.IsType<TransferOutcome.NotFound>(await service.MoveAsync(Key(from, "B1"), "no-such-course", ChangedBy.Family, CancellationToken.None));
        Assert.Equal([to.Id], (await service.ChoicesAsync(Key(from, "B1"), CancellationToken.None)).Select(c => c.Id));
        Assert.All(Bookings(from.Id), b => Assert.NotEqual(BookingStatus.Cancelled, b.Status));
        Assert.Empty(Bookings(to.Id));
        Assert.Empty(Bookings(yoga.Id));
    }

    [Fact]
    public async Task After_the_cut_off_the_family_cannot_move_but_the_owner_can()
    {
        await BookAsync(from, "B1");
        time.SetUtcNow(from.FirstSessionStartsUtc - options.CancellationCutOff + TimeSpan.FromMinutes(1));

        var family = await Service().MoveAsync(Key(from, "B1"), to.Id, ChangedBy.Family, CancellationToken.None);
        var owner = await Service().MoveAsync(Key(from, "B1"), to.Id, ChangedBy.Owner, CancellationToken.None);

        Assert.Equal(from.FirstSessionStartsUtc - options.CancellationCutOff, Assert.IsType<TransferOutcome.TooLate>(family).CutOffUtc);
        Assert.IsType<TransferOutcome.Moved>(owner);
    }

    [Fact]
    public async Task A_crash_after_the_place_was_held_is_finished_by_the_recovery()
    {
        await BookAsync(from, "B1");
        CrashAtCommit(2);
        await Assert.ThrowsAsync<IOException>(() => Service().MoveAsync(Key(from, "B1"), to.Id, ChangedBy.Family, CancellationToken.None));
        var held = Assert.Single(Bookings(to.Id));
        Assert.Equal(BookingStatus.Arriving, held.Status);
        Assert.Equal((1, 1), (store.Course(from.Id).GeneralPlacesTaken, store.Course(to.Id).GeneralPlacesTaken));

        // Too soon: a move may still be running.
        Assert.Equal(0, await Service().RecoverInterruptedMovesAsync(CancellationToken.None));
        time.Advance(BookingTransferService.InterruptedAfter + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await Service().RecoverInterruptedMovesAsync(CancellationToken.None));

        Assert.Equal(BookingStatus.Confirmed, Stored(to.Id, held.Reference).Status);
        Assert.Equal(new BookingKey(to.Id, held.Reference), Stored(from.Id, "B1").MovedTo);
        Assert.Equal((0, 1), (store.Course(from.Id).GeneralPlacesTaken, store.Course(to.Id).GeneralPlacesTaken));
        Assert.Equal([$"{held.Reference}|{EmailTemplates.BookingConfirmed}"], OwedEmails(to.Id));
        Assert.Equal(0, await Service().RecoverInterruptedMovesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_crash_after_leaving_the_old_course_is_finished_by_the_recovery()
    {
        await BookAsync(from, "B1");
        CrashAtCommit(3);
        await Assert.ThrowsAsync<IOException>(() => Service().MoveAsync(Key(from, "B1"), to.Id, ChangedBy.Family, CancellationToken.None));
        Assert.Equal(BookingStatus.Cancelled, Stored(from.Id, "B1").Status);

        time.Advance(BookingTransferService.InterruptedAfter + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await Service().RecoverInterruptedMovesAsync(CancellationToken.None));

        var arrived = Assert.Single(Bookings(to.Id));
        Assert.Equal(BookingStatus.Confirmed, arrived.Status);
        Assert.Equal((0, 1), (store.Course(from.Id).GeneralPlacesTaken, store.Course(to.Id).GeneralPlacesTaken));
        Assert.Single(OwedEmails(to.Id));
    }

    [Fact]
    public async Task A_retry_after_a_crash_carries_on_with_the_place_already_held()
    {
        await BookAsync(from, "B1");
        CrashAtCommit(2);
        await Assert.ThrowsAsync<IOException>(() => Service().MoveAsync(Key(from, "B1"), to.Id, ChangedBy.Family, CancellationToken.None));
        store.BeforeCommit = null;

        var retry = Assert.IsType<TransferOutcome.Moved>(await Service().MoveAsync(Key(from, "B1"), to.Id, ChangedBy.Family, CancellationToken.None));

        Assert.Equal(Assert.Single(Bookings(to.Id)).Reference, retry.To.Reference);
        Assert.Equal((0, 1), (store.Course(from.Id).GeneralPlacesTaken, store.Course(to.Id).GeneralPlacesTaken));
    }

    [Fact]
    public async Task When_the_old_booking_was_cancelled_meanwhile_the_recovery_gives_the_held_place_back()
    {
        await BookAsync(from, "B1");
        CrashAtCommit(2);
        await Assert.ThrowsAsync<IOException>(() => Service().MoveAsync(Key(from, "B1"), to.Id, ChangedBy.Family, CancellationToken.None));
        store.BeforeCommit = null;
        Assert.IsType<CancelOutcome.Cancelled>(await Changes().CancelAsync(Key(from, "B1"), ChangedBy.Owner, emailFamily: false, CancellationToken.None));

        time.Advance(BookingTransferService.InterruptedAfter + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await Service().RecoverInterruptedMovesAsync(CancellationToken.None));

        var undone = Assert.Single(Bookings(to.Id));
        Assert.Equal((BookingStatus.Cancelled, CancellationReason.MoveUndone), (undone.Status, undone.CancellationReason));
        Assert.Equal((0, 0), (store.Course(from.Id).GeneralPlacesTaken, store.Course(to.Id).GeneralPlacesTaken));
        Assert.Empty(OwedEmails(to.Id));
    }
}
