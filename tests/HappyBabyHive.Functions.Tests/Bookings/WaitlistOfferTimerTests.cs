using HappyBabyHive.Tests.Support;
using HappyBabyHive.Bookings.Changes;
using HappyBabyHive.Courses;
using HappyBabyHive.Functions;
using HappyBabyHive.Outbox;
using HappyBabyHive.Settings;
using HappyBabyHive.Storage;
using HappyBabyHive.Tests.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace HappyBabyHive.Tests.Bookings;

/// <summary>
/// The two timers of the waitlist's offer flow, on an in-memory course partition with a fake clock: the lapse timer
/// (every 5 minutes) and the release of unused free places (daily, only when the owner turned it on).
/// </summary>
public sealed class WaitlistOfferTimerTests
{
    // Monday 4 January 2027, 09:00 UTC; the course starts Tuesday 2 February at 10:00 UK time.
    private static readonly DateTimeOffset Now = new(2027, 1, 4, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider time = new(Now);
    private readonly InMemoryCoursePartitionStore store = new();
    private readonly Mock<IEmailEnqueuer> queue = new();
    private readonly Mock<IBusinessSettingsStore> settings = new();
    private readonly Mock<ICourseStore> courses = new();
    private readonly Course course = SampleCourses.Massage(new DateOnly(2027, 2, 2), capacity: 4, freePlaces: 2);
    private readonly BookingChangeOptions options = new();

    public WaitlistOfferTimerTests()
    {
        store.Add(course);
        courses.Setup(c => c.ListUpcomingAsync(It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => [store.Course(course.Id)]);
        Release(daysBefore: null);
    }

    private BookingChangeService Changes() =>
        new(store, queue.Object, NoMoney.Settings, NoMoney.Checkout, NoMoney.Refunds, Options.Create(options), time, TestPipelines.Concurrency(), NullLogger<BookingChangeService>.Instance);

    private FreePlaceRelease FreePlaces() =>
        new(courses.Object, store, settings.Object, queue.Object, Options.Create(options), time, TestPipelines.Concurrency(), NullLogger<FreePlaceRelease>.Instance);

    private void Release(int? daysBefore) =>
        settings.Setup(s => s.GetAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BusinessSettings("Support", 10, null) { ReleaseFreePlacesDaysBefore = daysBefore });

    /// <summary>Both general places booked, one of the two free places given, and <paramref name="waiting"/> families waiting.</summary>
    private async Task FillAsync(int waiting)
    {
        var changes = (await store.LoadAsync(course.Id, CancellationToken.None))!.Change(Now.AddDays(-1));
        foreach (var reference in new[] { "B1", "B2" })
        {
            changes.TakeGeneralPlace();
            changes.AddBooking(Booking(reference, BookingStatus.Confirmed));
        }

        changes.TakeFreePlace();
        changes.AddBooking(Booking("F1", BookingStatus.Confirmed) with { IsFreePlace = true });
        for (var i = 1; i <= waiting; i++)
        {
            changes.AddBooking(Booking($"W{i}", BookingStatus.Waitlisted) with { WaitlistPosition = changes.JoinWaitlist() });
        }

        await store.CommitAsync(changes, CancellationToken.None);
    }

    private static Booking Booking(string reference, BookingStatus status) => new()
    {
        Reference = reference,
        Status = status,
        ParentName = "Sam Smith",
        Email = $"{reference.ToLowerInvariant()}@example.co.uk",
        BabyFirstName = "Ada",
        BabyDateOfBirth = new DateOnly(2026, 11, 20),
        CreatedUtc = Now.AddDays(-1),
    };

    private Booking Stored(string reference) => store.FindBookingAsync(course.Id, reference, CancellationToken.None).Result!;

    private List<string> OwedEmails() =>
        store.Rows<OutboxEntity>(course.Id, RowKeys.OutboxPrefix).Select(o => o.RowKey[RowKeys.OutboxPrefix.Length..]).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task The_lapse_timer_ends_an_offer_once_its_window_has_passed_and_offers_the_place_to_the_next_family()
    {
        await FillAsync(waiting: 2);
        await Changes().CancelAsync(new BookingKey(course.Id, "B1"), ChangedBy.Family, emailFamily: false, CancellationToken.None);
        var timer = new OfferLapseTimer(Changes());
        var commits = store.Commits;

        // A minute before the offer ends: nothing to do, and nothing written.
        time.Advance(options.OfferWindow - TimeSpan.FromMinutes(1));
        await timer.LapseEndedOffers(new TimerInfo(), CancellationToken.None);
        Assert.Equal((BookingStatus.Offered, commits), (Stored("W1").Status, store.Commits));

        time.Advance(TimeSpan.FromMinutes(1));
        await timer.LapseEndedOffers(new TimerInfo(), CancellationToken.None);

        Assert.Equal((BookingStatus.Cancelled, CancellationReason.OfferLapsed), (Stored("W1").Status, Stored("W1").CancellationReason));
        Assert.Equal((BookingStatus.Offered, Now + (2 * options.OfferWindow)), (Stored("W2").Status, Stored("W2").OfferExpiresUtc));
        Assert.Equal(["W1|offer-lapsed", "W1|place-offered", "W2|place-offered"], OwedEmails());
        var stored = store.Course(course.Id);
        Assert.Equal((2, 0), (stored.GeneralPlacesTaken, stored.WaitlistCount));

        // Fired again (a second instance, a past-due run): the offer already ended, nothing more happens.
        commits = store.Commits;
        await timer.LapseEndedOffers(new TimerInfo { IsPastDue = true }, CancellationToken.None);
        Assert.Equal(commits, store.Commits);
    }

    [Theory]
    [InlineData("B1", BookingStatus.Confirmed)]
    [InlineData("W2", BookingStatus.Waitlisted)]
    public async Task A_cancelled_booking_remembers_what_it_was_so_its_email_can_say_so(string reference, BookingStatus was)
    {
        await FillAsync(waiting: 2);

        var outcome = await Changes().CancelAsync(new BookingKey(course.Id, reference), ChangedBy.Family, emailFamily: true, CancellationToken.None);

        Assert.Equal(was, Assert.IsType<CancelOutcome.Cancelled>(outcome).Booking.CancelledFrom);
        Assert.Equal((BookingStatus.Cancelled, (BookingStatus?)was), (Stored(reference).Status, Stored(reference).CancelledFrom));
        Assert.Contains($"{reference}|booking-cancelled", OwedEmails());
    }

    [Fact]
    public async Task The_lapse_timer_is_thin_it_only_asks_the_service()
    {
        var service = new Mock<IBookingChangeService>(MockBehavior.Strict);
        service.Setup(s => s.LapseEndedOffersAsync(It.IsAny<CancellationToken>())).ReturnsAsync(0);

        await new OfferLapseTimer(service.Object).LapseEndedOffers(new TimerInfo(), CancellationToken.None);

        service.Verify(s => s.LapseEndedOffersAsync(It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Free_places_are_never_released_unless_the_owner_turned_it_on()
    {
        await FillAsync(waiting: 1);
        time.SetUtcNow(course.FirstSessionStartsUtc.AddHours(-1));

        Assert.Equal(0, await FreePlaces().ReleaseDueAsync(CancellationToken.None));
        Assert.Equal(2, store.Course(course.Id).FreePlaces);
        Assert.Equal(BookingStatus.Waitlisted, Stored("W1").Status);
    }

    [Fact]
    public async Task An_unused_free_place_is_released_on_the_day_and_offered_to_the_waitlist_once()
    {
        await FillAsync(waiting: 2);
        Release(daysBefore: 7);
        var timer = new FreePlaceReleaseTimer(FreePlaces());

        // 23:59 UK time on Monday 25 January: a day too early for "7 days before Tuesday 2 February".
        time.SetUtcNow(new DateTimeOffset(2027, 1, 25, 23, 59, 0, TimeSpan.Zero));
        await timer.ReleaseUnusedFreePlaces(new TimerInfo(), CancellationToken.None);
        Assert.Equal(2, store.Course(course.Id).FreePlaces);

        time.SetUtcNow(new DateTimeOffset(2027, 1, 26, 6, 15, 0, TimeSpan.Zero));
        Assert.Equal(1, await FreePlaces().ReleaseDueAsync(CancellationToken.None));

        // The given free place stays; the unused one became a general place, held for the first family waiting.
        var stored = store.Course(course.Id);
        Assert.Equal((4, 1, 1, 3, 1), (stored.Capacity, stored.FreePlaces, stored.FreePlacesTaken, stored.GeneralPlacesTaken, stored.WaitlistCount));
        Assert.Equal(BookingStatus.Offered, Stored("W1").Status);
        Assert.Equal((BookingStatus.Waitlisted, (int?)1), (Stored("W2").Status, Stored("W2").WaitlistPosition));
        Assert.Equal(["W1|place-offered"], OwedEmails());
        queue.Verify(q => q.EnqueueAsync(It.IsAny<OutboxMessage>(), null, It.IsAny<CancellationToken>()), Times.Once);

        // Idempotent: the next run (or an overlapping one) finds nothing left to release.
        var commits = store.Commits;
        Assert.Equal(0, await FreePlaces().ReleaseDueAsync(CancellationToken.None));
        await timer.ReleaseUnusedFreePlaces(new TimerInfo { IsPastDue = true }, CancellationToken.None);
        Assert.Equal(commits, store.Commits);
    }

    [Fact]
    public async Task With_nobody_waiting_a_released_free_place_becomes_bookable_by_anyone()
    {
        await FillAsync(waiting: 0);
        Release(daysBefore: 3);
        time.SetUtcNow(course.FirstSessionStartsUtc.AddDays(-2));

        Assert.Equal(1, await FreePlaces().ReleaseDueAsync(CancellationToken.None));

        var stored = store.Course(course.Id);
        Assert.Equal((1, 1), (stored.FreePlaces, stored.GeneralSpacesLeft));
        Assert.Empty(OwedEmails());
    }

    [Fact]
    public async Task Nothing_is_released_once_the_course_has_started_or_was_cancelled()
    {
        await FillAsync(waiting: 1);
        Release(daysBefore: 7);
        time.SetUtcNow(course.FirstSessionStartsUtc.AddDays(-1));
        store.ChangeElsewhere(course.Id, row => row.Status = nameof(CourseStatus.Cancelled));
        Assert.Equal(0, await FreePlaces().ReleaseDueAsync(CancellationToken.None));

        store.ChangeElsewhere(course.Id, row => row.Status = nameof(CourseStatus.Open));
        time.SetUtcNow(course.FirstSessionStartsUtc);
        Assert.Equal(0, await FreePlaces().ReleaseDueAsync(CancellationToken.None));
        Assert.Equal(2, store.Course(course.Id).FreePlaces);
    }

    [Fact]
    public async Task A_release_that_loses_a_race_reads_again_and_does_not_release_a_place_given_meanwhile()
    {
        await FillAsync(waiting: 1);
        Release(daysBefore: 7);
        time.SetUtcNow(course.FirstSessionStartsUtc.AddDays(-1));

        // Just before the release commits, the owner gives the last free place to a family.
        var raced = false;
        store.BeforeCommit = () =>
        {
            if (!raced)
            {
                raced = true;
                store.ChangeElsewhere(course.Id, row => row.FreePlacesTaken = 2);
            }

            return Task.CompletedTask;
        };

        Assert.Equal(0, await FreePlaces().ReleaseDueAsync(CancellationToken.None));
        var stored = store.Course(course.Id);
        Assert.Equal((2, 2), (stored.FreePlaces, stored.FreePlacesTaken));
        Assert.Equal(BookingStatus.Waitlisted, Stored("W1").Status);
    }

    [Theory]
    // A course on Tuesday 6 April 2027 (BST); "7 days before" is from the start of Tuesday 30 March, UK time. Clocks
    // went forward on 28 March, so that is 23:00 UTC on the 29th.
    [InlineData("2027-03-29T22:59:00Z", false)]
    [InlineData("2027-03-29T23:00:00Z", true)]
    [InlineData("2027-04-06T08:59:00Z", true)]
    [InlineData("2027-04-06T09:00:00Z", false)]
    public void The_release_day_is_counted_in_UK_days_across_the_clock_change(string nowUtc, bool due)
    {
        var april = SampleCourses.Massage(new DateOnly(2027, 4, 6));

        Assert.Equal(due, FreePlaceRelease.IsDue(april, 7, DateTimeOffset.Parse(nowUtc, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
