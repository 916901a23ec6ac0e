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
    public async Task The_same_family_booking_again_gets_their_first_booking_back()
    {
        var service = Service();
        var first = Assert.IsType<BookingOutcome.Created>(await service.BookAsync(Request(), null, CancellationToken.None)).Receipt;

        var again = await service.BookAsync(Request(email: " SAM@example.co.uk "), null, CancellationToken.None);

        Assert.Equal(first.Reference, Assert.IsType<BookingOutcome.Replayed>(again).Receipt.Reference);
        Assert.Equal(1, store.Course(course.Id).GeneralPlacesTaken);
    }

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
        var replayed = Assert.IsType<BookingOutcome.Replayed>(await Service().BookAsync(Request(), null, CancellationToken.None)).Receipt;

        Assert.NotEqual(first.Reference, again.Reference);
        Assert.Equal((BookingStatus.Confirmed, again.Reference), (again.Status, replayed.Reference));
        Assert.Equal(1, store.Course(course.Id).GeneralPlacesTaken);
    }
}
