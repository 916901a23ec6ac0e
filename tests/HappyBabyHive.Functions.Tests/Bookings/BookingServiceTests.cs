using Microsoft.Extensions.Options;
using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage;
using HappyBabyHive.Storage.Courses;
using HappyBabyHive.Tests.Storage;
using HappyBabyHive.Tests.Support;
using HappyBabyHive.Time;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace HappyBabyHive.Tests.Bookings;

/// <summary>The booking rules, on an in-memory course partition: places, waitlist, admission, repeats and lost races.</summary>
public sealed class BookingServiceTests
{
    private static readonly DateTimeOffset Now = new(2027, 1, 4, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider time = new(Now);
    private readonly InMemoryCoursePartitionStore store = new();
    private readonly Mock<IEmailEnqueuer> queue = new();
    private readonly Course course = SampleCourses.Massage(new DateOnly(2027, 2, 2), capacity: 3, freePlaces: 1);

    public BookingServiceTests() => store.Add(course);

    private BookingService Service() => new(
        store, queue.Object, new BookingRequestValidator(time), TestSettings.Hasher, Mock.Of<HappyBabyHive.Bookings.Checkout.IBookingCheckout>(),
        Options.Create(new HappyBabyHive.Payments.PaymentOptions()), time, NullLogger<BookingService>.Instance);

    private BookingRequest Request(string email = "sam@example.co.uk", string baby = "Ada", int babyAgeDays = 70) => new()
    {
        CourseId = course.Id,
        ParentName = "Sam Smith",
        Email = email,
        BabyFirstName = baby,
        BabyDateOfBirth = course.FirstSessionUkDate.AddDays(-babyAgeDays).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        AcceptTerms = true,
    };

    [Fact]
    public async Task General_places_are_taken_first_then_families_join_the_waitlist_in_order()
    {
        var service = Service();
        var outcomes = new List<BookingOutcome>();
        foreach (var i in Enumerable.Range(0, 4))
        {
            outcomes.Add(await service.BookAsync(Request($"parent{i}@example.co.uk"), null, CancellationToken.None));
        }

        var receipts = outcomes.Select(o => Assert.IsType<BookingOutcome.Created>(o).Receipt).ToList();
        Assert.Equal(
            [(BookingStatus.Confirmed, (int?)null), (BookingStatus.Confirmed, null), (BookingStatus.Waitlisted, 1), (BookingStatus.Waitlisted, 2)],
            receipts.Select(r => (r.Status, r.WaitlistPosition)));
        var stored = store.Course(course.Id);
        Assert.Equal((2, 0, 2), (stored.GeneralPlacesTaken, stored.FreePlacesTaken, stored.WaitlistCount));

        // One owed email per booking, stored with it and then enqueued.
        Assert.Equal(4, store.Rows<OutboxEntity>(course.Id, RowKeys.OutboxPrefix).Count);
        queue.Verify(q => q.EnqueueAsync(It.IsAny<OutboxMessage>(), null, It.IsAny<CancellationToken>()), Times.Exactly(4));
    }

    [Fact]
    public async Task A_baby_outside_the_age_range_is_told_their_age_at_the_first_session_and_nothing_is_stored()
    {
        var outcome = await Service().BookAsync(Request(babyAgeDays: 35), null, CancellationToken.None);

        var error = Assert.Single(Assert.IsType<BookingOutcome.Invalid>(outcome).Errors["babyDateOfBirth"]);
        Assert.StartsWith("Your baby would be 5 weeks old at the first session on Tuesday 2 February.", error, StringComparison.Ordinal);
        Assert.Equal(0, store.Commits);
    }

    [Fact]
    public async Task A_cancelled_course_is_refused_with_the_admission_rule_wording()
    {
        store.ChangeElsewhere(course.Id, c => c.Status = nameof(CourseStatus.Cancelled));

        var outcome = await Service().BookAsync(Request(), null, CancellationToken.None);

        Assert.Equal(
            "This course has been cancelled, so it can't be booked. Please choose another course, or get in touch and we'll help you find one.",
            Assert.IsType<BookingOutcome.CourseNotBookable>(outcome).Detail);
    }

    [Fact]
    public async Task The_same_family_booking_again_without_the_key_is_answered_like_a_new_booking_and_emailed_the_real_one()
    {
        var service = Service();
        var first = Assert.IsType<BookingOutcome.Created>(await service.BookAsync(Request(), "form-1", CancellationToken.None)).Receipt;
        queue.Invocations.Clear();

        var again = Assert.IsType<BookingOutcome.Created>(await service.BookAsync(Request(email: " SAM@example.co.uk "), "form-2", CancellationToken.None)).Receipt;

        // The same fields and the status a new booking would get now; a reference that is neither theirs nor stored.
        Assert.NotEqual(first.Reference, again.Reference);
        Assert.Equal((BookingStatus.Confirmed, (int?)null, course.Id, course.Title), (again.Status, again.WaitlistPosition, again.CourseId, again.CourseTitle));
        Assert.Null(await store.FindBookingAsync(course.Id, again.Reference, CancellationToken.None));
        Assert.Equal((1, 0), (store.Course(course.Id).GeneralPlacesTaken, store.Course(course.Id).WaitlistCount));
        Assert.Null(await store.FindPointerAsync(course.Id, HappyBabyHive.Courses.Partition.BookingPointerKey.IdempotencyKey("form-2"), CancellationToken.None));

        // The family's inbox gets one email about their real booking, owed in the outbox and enqueued.
        var owed = Assert.Single(DuplicateEmails());
        Assert.Equal(RowKeys.Booking(first.Reference), owed.SubjectRowKey);
        queue.Verify(q => q.EnqueueAsync(It.Is<OutboxMessage>(m => m.RowKey == owed.RowKey), null, It.IsAny<CancellationToken>()), Times.Once);
        queue.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Each_repeat_attempt_owes_its_own_single_email_and_only_the_original_key_replays()
    {
        var service = Service();
        var first = Assert.IsType<BookingOutcome.Created>(await service.BookAsync(Request(), "form-1", CancellationToken.None)).Receipt;

        var repeats = new List<BookingReceipt>();
        foreach (var key in new string?[] { null, "form-2", null })
        {
            repeats.Add(Assert.IsType<BookingOutcome.Created>(await service.BookAsync(Request(), key, CancellationToken.None)).Receipt);
        }

        var replay = Assert.IsType<BookingOutcome.Replayed>(await service.BookAsync(Request(), "form-1", CancellationToken.None)).Receipt;

        Assert.Equal(first, replay);
        Assert.Equal(4, repeats.Select(r => r.Reference).Append(first.Reference).Distinct().Count());
        Assert.Equal(3, DuplicateEmails().Count);
        Assert.All(DuplicateEmails(), e => Assert.Equal(RowKeys.Booking(first.Reference), e.SubjectRowKey));
        Assert.Single(store.Rows<BookingEntity>(course.Id, RowKeys.BookingPrefix));
    }

    [Fact]
    public async Task A_repeat_on_a_full_course_is_shown_the_next_waitlist_position_without_taking_it()
    {
        var service = Service();
        foreach (var i in Enumerable.Range(0, 3))
        {
            await service.BookAsync(Request($"parent{i}@example.co.uk"), null, CancellationToken.None);
        }

        var repeat = Assert.IsType<BookingOutcome.Created>(await service.BookAsync(Request("parent2@example.co.uk"), null, CancellationToken.None)).Receipt;
        var next = Assert.IsType<BookingOutcome.Created>(await service.BookAsync(Request("parent3@example.co.uk"), null, CancellationToken.None)).Receipt;

        Assert.Equal((BookingStatus.Waitlisted, (int?)2), (repeat.Status, repeat.WaitlistPosition));
        Assert.Equal((BookingStatus.Waitlisted, (int?)2), (next.Status, next.WaitlistPosition));
        Assert.Equal(2, store.Course(course.Id).WaitlistCount);
    }

    [Fact]
    public async Task A_family_twice_in_one_round_stores_one_booking_and_owes_the_repeat_its_email_in_the_same_commit()
    {
        var service = Service();
        var release = new TaskCompletionSource();
        var reachedCommit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = false;
        store.BeforeCommit = async () =>
        {
            if (!held)
            {
                held = true;
                reachedCommit.SetResult();
                await release.Task;
            }
        };

        // The first round is held at its commit, so the family's two requests queue up and meet in the next round.
        var other = service.BookAsync(Request("other@example.co.uk"), null, CancellationToken.None);
        await reachedCommit.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var a = service.BookAsync(Request(), "key-a", CancellationToken.None);
        var b = service.BookAsync(Request(), "key-b", CancellationToken.None);
        var sameKey = service.BookAsync(Request(), "key-a", CancellationToken.None);
        release.SetResult();
        var outcomes = await Task.WhenAll(other, a, b, sameKey).WaitAsync(TimeSpan.FromSeconds(30));

        var real = Assert.IsType<BookingOutcome.Created>(outcomes[1]).Receipt;
        var repeat = Assert.IsType<BookingOutcome.Created>(outcomes[2]).Receipt;
        Assert.Equal(real, Assert.IsType<BookingOutcome.Replayed>(outcomes[3]).Receipt);
        Assert.NotEqual(real.Reference, repeat.Reference);
        // The last general place went to the real booking, so a new booking after it would be first on the waitlist.
        Assert.Equal((BookingStatus.Waitlisted, (int?)1), (repeat.Status, repeat.WaitlistPosition));
        Assert.Equal(0, store.Course(course.Id).WaitlistCount);
        Assert.Equal(2, store.Commits);
        Assert.Equal(2, store.Rows<BookingEntity>(course.Id, RowKeys.BookingPrefix).Count);
        Assert.Equal(RowKeys.Booking(real.Reference), Assert.Single(DuplicateEmails()).SubjectRowKey);
    }

    private IReadOnlyList<OutboxEntity> DuplicateEmails() =>
        [.. store.Rows<OutboxEntity>(course.Id, RowKeys.OutboxPrefix).Where(o => EmailTemplates.IsBookingDuplicate(o.Template))];

    [Fact]
    public async Task A_round_that_loses_the_race_for_the_course_row_reads_again_and_counts_the_other_writers_place()
    {
        var raced = false;
        store.BeforeCommit = () =>
        {
            if (!raced)
            {
                // Another instance takes a general place between this round's read and its commit.
                raced = true;
                store.ChangeElsewhere(course.Id, c => c.GeneralPlacesTaken++);
            }

            return Task.CompletedTask;
        };
        // The fake clock never moves: the retry's short backoff waits on the machine's clock, so it still comes (on the
        // app's clock it never did, and a fake-clock integration test hung; docs/testing.md, "Clocks"). The bound only
        // turns a regression into a failure instead of a hang.
        var booking = await Service().BookAsync(Request(), null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(BookingStatus.Confirmed, Assert.IsType<BookingOutcome.Created>(booking).Receipt.Status);
        Assert.Equal(2, store.Course(course.Id).GeneralPlacesTaken);
        Assert.Equal(1, store.Commits);
    }

    [Fact]
    public async Task A_family_who_cancelled_can_book_the_same_course_again_and_gets_a_new_booking()
    {
        var first = Assert.IsType<BookingOutcome.Created>(await Service().BookAsync(Request(), null, CancellationToken.None)).Receipt;
        var changes = new HappyBabyHive.Bookings.Changes.BookingChangeService(
            store, queue.Object, HappyBabyHive.Tests.Support.NoMoney.Settings, HappyBabyHive.Tests.Support.NoMoney.Checkout, HappyBabyHive.Tests.Support.NoMoney.Refunds,
            Options.Create(new HappyBabyHive.Bookings.Changes.BookingChangeOptions()), time, TestPipelines.Concurrency(),
            NullLogger<HappyBabyHive.Bookings.Changes.BookingChangeService>.Instance);
        Assert.IsType<HappyBabyHive.Bookings.Changes.CancelOutcome.Cancelled>(
            await changes.CancelAsync(new BookingKey(course.Id, first.Reference), HappyBabyHive.Bookings.Changes.ChangedBy.Family, emailFamily: false, CancellationToken.None));

        var again = Assert.IsType<BookingOutcome.Created>(await Service().BookAsync(Request(), null, CancellationToken.None)).Receipt;
        var repeat = Assert.IsType<BookingOutcome.Created>(await Service().BookAsync(Request(), null, CancellationToken.None)).Receipt;

        Assert.NotEqual(first.Reference, again.Reference);
        Assert.Equal(BookingStatus.Confirmed, again.Status);
        Assert.NotEqual(again.Reference, repeat.Reference);
        Assert.Equal(RowKeys.Booking(again.Reference), Assert.Single(DuplicateEmails()).SubjectRowKey);
        Assert.Equal(1, store.Course(course.Id).GeneralPlacesTaken);
    }
}
