using HappyBabyHive.Tests.Support;
using HappyBabyHive.Bookings;
using HappyBabyHive.Bookings.Changes;
using HappyBabyHive.Concurrency;
using HappyBabyHive.Courses;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage;
using HappyBabyHive.Storage.Courses;
using HappyBabyHive.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Polly.Registry;

namespace HappyBabyHive.Tests.Bookings;

/// <summary>Cancelling, leaving the waitlist, and offers of freed places (claim, decline, lapse), on an in-memory course partition.</summary>
public sealed class BookingChangeServiceTests
{
    // Monday 4 January 2027, 09:00 UTC; the course starts Tuesday 2 February at 10:00 UK time.
    private static readonly DateTimeOffset Now = new(2027, 1, 4, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider time = new(Now);
    private readonly InMemoryCoursePartitionStore store = new();
    private readonly Mock<IEmailEnqueuer> queue = new();
    private readonly Course course = SampleCourses.Massage(new DateOnly(2027, 2, 2), capacity: 3, freePlaces: 1);
    private readonly BookingChangeOptions options = new();

    public BookingChangeServiceTests()
    {
        store.Add(course);
    }

    private BookingChangeService Service()
    {
        // The app's own retry policy, with the fake clock as the app's TimeProvider: its backoff waits on the machine's
        // clock regardless, so the lost races below are retried although the fake clock never moves.
        var pipelines = new ServiceCollection()
            .AddSingleton<TimeProvider>(time)
            .AddConcurrencyRetry()
            .BuildServiceProvider()
            .GetRequiredService<ResiliencePipelineProvider<string>>();
        return new(store, queue.Object, NoMoney.Settings, NoMoney.Checkout, NoMoney.Refunds, Options.Create(options), time, pipelines, NullLogger<BookingChangeService>.Instance);
    }

    /// <summary>Fills the course as the booking service does: two general places taken, one free place, and <paramref name="waiting"/> on the waitlist.</summary>
    private async Task<(string[] Booked, string FreePlace, string[] Waiting)> FillAsync(int waiting = 2)
    {
        var snapshot = (await store.LoadAsync(course.Id, CancellationToken.None))!;
        var changes = snapshot.Change(Now.AddDays(-1));
        var booked = new[] { "B1", "B2" };
        foreach (var reference in booked)
        {
            changes.TakeGeneralPlace();
            changes.AddBooking(Booking(reference, BookingStatus.Confirmed));
        }

        changes.TakeFreePlace();
        changes.AddBooking(Booking("F1", BookingStatus.Confirmed) with { IsFreePlace = true });
        var waitlist = Enumerable.Range(1, waiting).Select(i => $"W{i}").ToArray();
        foreach (var reference in waitlist)
        {
            changes.AddBooking(Booking(reference, BookingStatus.Waitlisted) with { WaitlistPosition = changes.JoinWaitlist() });
        }

        await store.CommitAsync(changes, CancellationToken.None);
        return (booked, "F1", waitlist);
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

    private BookingKey Key(string reference) => new(course.Id, reference);

    private Booking Stored(string reference) => store.FindBookingAsync(course.Id, reference, CancellationToken.None).Result!;

    private List<string> OwedEmails() =>
        store.Rows<OutboxEntity>(course.Id, RowKeys.OutboxPrefix).Select(o => o.RowKey[RowKeys.OutboxPrefix.Length..]).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task Cancelling_a_place_offers_it_to_the_first_waiting_family_in_the_same_change()
    {
        await FillAsync();

        var outcome = await Service().CancelAsync(Key("B1"), ChangedBy.Family, emailFamily: true, CancellationToken.None);

        var cancelled = Assert.IsType<CancelOutcome.Cancelled>(outcome);
        Assert.Equal(1, cancelled.OfferedTo);
        Assert.Equal((BookingStatus.Cancelled, CancellationReason.ByFamily), (Stored("B1").Status, Stored("B1").CancellationReason));
        var offer = Stored("W1");
        Assert.Equal(BookingStatus.Offered, offer.Status);
        Assert.Equal(Now.AddHours(24), offer.OfferExpiresUtc);
        Assert.Null(offer.WaitlistPosition);
        Assert.Equal(1, Stored("W2").WaitlistPosition);

        // The freed place is held for the offered family, so the counters are unchanged but for the waitlist.
        var stored = store.Course(course.Id);
        Assert.Equal((2, 1, 1), (stored.GeneralPlacesTaken, stored.FreePlacesTaken, stored.WaitlistCount));
        Assert.Equal(["B1|booking-cancelled", "W1|place-offered"], OwedEmails());
        queue.Verify(q => q.EnqueueAsync(It.IsAny<OutboxMessage>(), null, It.IsAny<CancellationToken>()), Times.Exactly(2));
        Assert.Equal(2, store.Commits);
    }

    [Fact]
    public async Task Cancelling_twice_is_harmless_and_says_what_happened()
    {
        await FillAsync();
        var service = Service();
        await service.CancelAsync(Key("B1"), ChangedBy.Family, emailFamily: true, CancellationToken.None);

        var again = await service.CancelAsync(Key("B1"), ChangedBy.Family, emailFamily: true, CancellationToken.None);

        Assert.IsType<CancelOutcome.AlreadyCancelled>(again);
        Assert.Equal(2, store.Commits);
        Assert.Equal(BookingStatus.Offered, Stored("W1").Status);
        Assert.Equal(BookingStatus.Waitlisted, Stored("W2").Status);
    }

    [Fact]
    public async Task After_the_cut_off_a_family_is_told_when_it_was_but_the_owner_can_still_cancel()
    {
        await FillAsync();
        time.SetUtcNow(course.FirstSessionStartsUtc - TimeSpan.FromHours(47));
        var service = Service();

        var family = await service.CancelAsync(Key("B1"), ChangedBy.Family, emailFamily: true, CancellationToken.None);
        var owner = await service.CancelAsync(Key("B1"), ChangedBy.Owner, emailFamily: false, CancellationToken.None);

        Assert.Equal(course.FirstSessionStartsUtc - TimeSpan.FromHours(48), Assert.IsType<CancelOutcome.TooLate>(family).CutOffUtc);
        Assert.IsType<CancelOutcome.Cancelled>(owner);
        Assert.Equal(CancellationReason.ByOwner, Stored("B1").CancellationReason);

        // No email when the owner said so; the offer still goes out, with the short window (the course starts within 3 days).
        Assert.Equal(["W1|place-offered"], OwedEmails());
        Assert.Equal(time.GetUtcNow() + options.ShortOfferWindow, Stored("W1").OfferExpiresUtc);
    }

    [Fact]
    public async Task An_offer_never_runs_past_the_first_session()
    {
        await FillAsync();
        time.SetUtcNow(course.FirstSessionStartsUtc - TimeSpan.FromHours(2));

        await Service().CancelAsync(Key("B1"), ChangedBy.Owner, emailFamily: true, CancellationToken.None);

        Assert.Equal(course.FirstSessionStartsUtc, Stored("W1").OfferExpiresUtc);
    }

    [Fact]
    public async Task Nothing_can_be_cancelled_once_the_course_has_started()
    {
        await FillAsync();
        time.SetUtcNow(course.FirstSessionStartsUtc);

        var outcome = await Service().CancelAsync(Key("B1"), ChangedBy.Owner, emailFamily: true, CancellationToken.None);

        Assert.IsType<CancelOutcome.CourseOver>(outcome);
        Assert.Equal(1, store.Commits);
    }

    [Fact]
    public async Task A_waiting_family_can_leave_the_waitlist_even_after_the_cut_off_and_those_behind_move_up()
    {
        await FillAsync(waiting: 3);
        time.SetUtcNow(course.FirstSessionStartsUtc - TimeSpan.FromHours(1));

        var outcome = await Service().CancelAsync(Key("W1"), ChangedBy.Family, emailFamily: true, CancellationToken.None);

        Assert.Equal(0, Assert.IsType<CancelOutcome.Cancelled>(outcome).OfferedTo);
        Assert.Equal((1, 2), (Stored("W2").WaitlistPosition!.Value, Stored("W3").WaitlistPosition!.Value));
        var stored = store.Course(course.Id);
        Assert.Equal((2, 2), (stored.GeneralPlacesTaken, stored.WaitlistCount));
    }

    [Fact]
    public async Task A_cancelled_free_place_goes_back_to_the_owners_free_places_not_to_the_waitlist()
    {
        await FillAsync();

        var outcome = await Service().CancelAsync(Key("F1"), ChangedBy.Owner, emailFamily: true, CancellationToken.None);

        Assert.Equal(0, Assert.IsType<CancelOutcome.Cancelled>(outcome).OfferedTo);
        var stored = store.Course(course.Id);
        Assert.Equal((2, 0, 2), (stored.GeneralPlacesTaken, stored.FreePlacesTaken, stored.WaitlistCount));
        Assert.Equal(BookingStatus.Waitlisted, Stored("W1").Status);
    }

    [Fact]
    public async Task Claiming_an_offer_confirms_the_place_once_and_a_second_claim_changes_nothing()
    {
        await FillAsync();
        var service = Service();
        await service.CancelAsync(Key("B1"), ChangedBy.Family, emailFamily: true, CancellationToken.None);

        var first = await service.ClaimOfferAsync(Key("W1"), PaymentMethod.Card, CancellationToken.None);
        var second = await service.ClaimOfferAsync(Key("W1"), PaymentMethod.Card, CancellationToken.None);

        Assert.IsType<ClaimOutcome.Claimed>(first);
        Assert.IsType<ClaimOutcome.AlreadyClaimed>(second);
        Assert.Equal(BookingStatus.Confirmed, Stored("W1").Status);
        Assert.Equal(["B1|booking-cancelled", "W1|booking-confirmed", "W1|place-offered"], OwedEmails());
        Assert.Equal(3, store.Commits);
        Assert.Equal(2, store.Course(course.Id).GeneralPlacesTaken);
    }

    [Fact]
    public async Task A_family_still_waiting_or_booked_all_along_has_nothing_to_claim()
    {
        await FillAsync();
        var service = Service();

        Assert.IsType<ClaimOutcome.NotOffered>(await service.ClaimOfferAsync(Key("W1"), PaymentMethod.Card, CancellationToken.None));
        Assert.IsType<ClaimOutcome.NotOffered>(await service.ClaimOfferAsync(Key("B1"), PaymentMethod.Card, CancellationToken.None));
        Assert.IsType<ClaimOutcome.NotFound>(await service.ClaimOfferAsync(Key("nope"), PaymentMethod.Card, CancellationToken.None));
        Assert.Equal(1, store.Commits);
    }

    [Fact]
    public async Task An_offer_not_claimed_in_time_lapses_once_and_the_place_goes_to_the_next_family()
    {
        await FillAsync();
        var service = Service();
        await service.CancelAsync(Key("B1"), ChangedBy.Family, emailFamily: true, CancellationToken.None);

        time.Advance(TimeSpan.FromHours(23));
        Assert.Equal(0, await service.LapseEndedOffersAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromHours(1));
        var lapsed = await service.LapseEndedOffersAsync(CancellationToken.None);
        var again = await service.LapseEndedOffersAsync(CancellationToken.None);

        Assert.Equal((1, 0), (lapsed, again));
        Assert.Equal((BookingStatus.Cancelled, CancellationReason.OfferLapsed), (Stored("W1").Status, Stored("W1").CancellationReason));
        Assert.Equal(BookingStatus.Offered, Stored("W2").Status);
        Assert.Equal(time.GetUtcNow().AddHours(24), Stored("W2").OfferExpiresUtc);
        var stored = store.Course(course.Id);
        Assert.Equal((2, 0), (stored.GeneralPlacesTaken, stored.WaitlistCount));
        Assert.Contains("W1|offer-lapsed", OwedEmails());
        Assert.Contains("W2|place-offered", OwedEmails());
    }

    [Fact]
    public async Task A_claim_after_the_offer_ended_is_refused_and_passes_the_place_on_even_before_the_timer_runs()
    {
        await FillAsync();
        var service = Service();
        await service.CancelAsync(Key("B1"), ChangedBy.Family, emailFamily: true, CancellationToken.None);
        time.Advance(TimeSpan.FromHours(24));

        var outcome = await service.ClaimOfferAsync(Key("W1"), PaymentMethod.Card, CancellationToken.None);

        Assert.IsType<ClaimOutcome.OfferEnded>(outcome);
        Assert.Equal(BookingStatus.Offered, Stored("W2").Status);
        Assert.Equal(0, await service.LapseEndedOffersAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Declining_an_offer_passes_the_place_to_the_next_family_and_when_nobody_waits_the_place_is_free_again()
    {
        await FillAsync(waiting: 1);
        var service = Service();
        await service.CancelAsync(Key("B1"), ChangedBy.Family, emailFamily: true, CancellationToken.None);

        var outcome = await service.DeclineOfferAsync(Key("W1"), CancellationToken.None);

        Assert.Equal(0, Assert.IsType<CancelOutcome.Cancelled>(outcome).OfferedTo);
        Assert.Equal(CancellationReason.OfferDeclined, Stored("W1").CancellationReason);
        var stored = store.Course(course.Id);
        Assert.Equal((1, 0, 1), (stored.GeneralPlacesTaken, stored.WaitlistCount, stored.GeneralSpacesLeft));
    }

    [Fact]
    public async Task A_claim_racing_the_lapse_at_the_deadline_has_exactly_one_winner()
    {
        await FillAsync();
        var service = Service();
        await service.CancelAsync(Key("B1"), ChangedBy.Family, emailFamily: true, CancellationToken.None);
        time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));

        // The claim reads the offer, then the clock passes the deadline and the timer lapses it before the claim commits.
        var lapsedFirst = false;
        store.BeforeCommit = async () =>
        {
            if (!lapsedFirst)
            {
                lapsedFirst = true;
                time.Advance(TimeSpan.FromSeconds(2));
                store.BeforeCommit = null;
                Assert.Equal(1, await Service().LapseEndedOffersAsync(CancellationToken.None));
            }
        };
        var outcome = await service.ClaimOfferAsync(Key("W1"), PaymentMethod.Card, CancellationToken.None);

        // The claim lost the race (412), re-read, and found the offer ended.
        Assert.IsType<ClaimOutcome.OfferEnded>(outcome);
        Assert.Equal(BookingStatus.Cancelled, Stored("W1").Status);
        Assert.Equal(BookingStatus.Offered, Stored("W2").Status);
        Assert.DoesNotContain("W1|booking-confirmed", OwedEmails());
        Assert.Equal(2, store.Course(course.Id).GeneralPlacesTaken);
    }

    [Fact]
    public async Task No_thanks_from_an_old_tab_after_the_place_was_claimed_changes_nothing()
    {
        await FillAsync();
        var service = Service();
        await service.CancelAsync(Key("B1"), ChangedBy.Family, emailFamily: true, CancellationToken.None);
        Assert.IsType<ClaimOutcome.Claimed>(await service.ClaimOfferAsync(Key("W1"), PaymentMethod.Card, CancellationToken.None));

        var outcome = await service.DeclineOfferAsync(Key("W1"), CancellationToken.None);

        Assert.IsType<CancelOutcome.NothingToDecline>(outcome);
        Assert.Equal(BookingStatus.Confirmed, Stored("W1").Status);
        Assert.Equal(2, store.Course(course.Id).GeneralPlacesTaken);
    }
}
