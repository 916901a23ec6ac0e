using HappyBabyHive.Bookings.Changes;
using HappyBabyHive.Bookings.Checkout;
using HappyBabyHive.Courses;
using HappyBabyHive.Outbox;
using HappyBabyHive.Payments.Webhooks;
using HappyBabyHive.Settings;
using HappyBabyHive.Storage;
using HappyBabyHive.Storage.Courses;
using HappyBabyHive.Tests.Storage;
using HappyBabyHive.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace HappyBabyHive.Tests.Bookings;

/// <summary>Stripe's checkout and refund events applied to bookings: once, in any order.</summary>
public sealed class CheckoutEventHandlerTests
{
    private static readonly DateTimeOffset Now = new(2027, 1, 4, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider time = new(Now);
    private readonly InMemoryCoursePartitionStore store = new();
    private readonly Mock<IEmailEnqueuer> queue = new();
    private readonly Mock<IBusinessSettingsStore> settings = new();
    private readonly Course course = SampleCourses.Massage(new DateOnly(2027, 2, 2), capacity: 2, freePlaces: 0);
    private int events;

    public CheckoutEventHandlerTests()
    {
        store.Add(course);
        settings.Setup(s => s.GetAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new BusinessSettings("", 12.5m, null));
    }

    private CheckoutEventHandler Handler() => new(
        store, queue.Object, settings.Object, Options.Create(new BookingChangeOptions()), time, TestPipelines.Concurrency(), NullLogger<CheckoutEventHandler>.Instance);

    private void Add(string reference, BookingStatus status, BookingPayment? payment = null, int? waitlistPosition = null)
    {
        store.AddBooking(course.Id, new Booking
        {
            Reference = reference,
            Status = status,
            WaitlistPosition = waitlistPosition,
            ParentName = "Sam",
            Email = reference.ToLowerInvariant() + "@example.co.uk",
            BabyFirstName = "Ada",
            BabyDateOfBirth = new DateOnly(2026, 11, 1),
            CreatedUtc = Now.AddMinutes(-waitlistPosition ?? 0),
            Payment = payment,
        });
    }

    private static BookingPayment Held(string session = "cs_1", int attempt = 1) => new()
    {
        Method = PaymentMethod.Card, AmountPence = 6000, CheckoutAttempt = attempt, CheckoutSessionId = session, HeldUntilUtc = Now.AddMinutes(31),
    };

    private PaymentEvent Event(PaymentEventType type, string reference = "HBH-PAY", string session = "cs_1", bool paid = true, long refunded = 0) =>
        new($"evt_{++events}", type, Now.AddMinutes(events), course.Id, reference, session, "pi_1", 6000, refunded, paid);

    private Booking Stored(string reference) => store.Rows<BookingEntity>(course.Id, RowKeys.BookingPrefix).Single(b => b.Reference == reference).ToBooking();

    private List<string> Emails(string reference) =>
        store.Rows<OutboxEntity>(course.Id, RowKeys.OutboxPrefix).Where(o => o.RowKey.Contains(reference, StringComparison.Ordinal)).Select(o => o.RowKey).ToList();

    [Fact]
    public async Task Payment_confirms_the_held_place_once_with_the_donation_percent_of_the_day_and_one_confirmation()
    {
        Add("HBH-PAY", BookingStatus.AwaitingPayment, Held());
        store.ChangeElsewhere(course.Id, c => c.GeneralPlacesTaken = 1);
        var completed = Event(PaymentEventType.CheckoutCompleted);

        Assert.Equal(PaymentEventHandling.Applied, await Handler().HandleAsync(completed, CancellationToken.None));
        Assert.Equal(PaymentEventHandling.Applied, await Handler().HandleAsync(completed, CancellationToken.None));
        await Handler().HandleAsync(Event(PaymentEventType.AsyncPaymentSucceeded), CancellationToken.None);
        await Handler().HandleAsync(Event(PaymentEventType.CheckoutExpired), CancellationToken.None); // out of order: ignored

        var booking = Stored("HBH-PAY");
        Assert.Equal(BookingStatus.Confirmed, booking.Status);
        Assert.Equal((6000L, completed.OccurredUtc, "pi_1", (decimal?)12.5m, PaymentState.Paid), (booking.Payment!.PaidPence, booking.Payment.PaidUtc, booking.Payment.PaymentIntentId, booking.Payment.DonationPercent, booking.Payment.State));
        Assert.Single(Emails("HBH-PAY"));
        Assert.Equal(1, store.Course(course.Id).GeneralPlacesTaken);
    }

    [Fact]
    public async Task Expiry_releases_the_held_place_and_offers_it_to_the_first_waiting_family()
    {
        Add("HBH-PAY", BookingStatus.AwaitingPayment, Held());
        Add("HBH-OTHER", BookingStatus.Confirmed);
        Add("HBH-WAIT", BookingStatus.Waitlisted, waitlistPosition: 1);
        store.ChangeElsewhere(course.Id, c => (c.GeneralPlacesTaken, c.WaitlistCount) = (2, 1));

        await Handler().HandleAsync(Event(PaymentEventType.CheckoutExpired), CancellationToken.None);
        await Handler().HandleAsync(Event(PaymentEventType.CheckoutExpired), CancellationToken.None);

        var released = Stored("HBH-PAY");
        Assert.Equal((BookingStatus.Cancelled, (CancellationReason?)CancellationReason.PaymentNotCompleted), (released.Status, released.CancellationReason));
        Assert.Equal(BookingStatus.Offered, Stored("HBH-WAIT").Status);
        Assert.Equal((2, 0), (store.Course(course.Id).GeneralPlacesTaken, store.Course(course.Id).WaitlistCount));
        Assert.Single(Emails("HBH-WAIT"));
    }

    [Fact]
    public async Task An_older_attempts_expiry_does_not_release_a_place_held_for_a_newer_checkout()
    {
        Add("HBH-PAY", BookingStatus.AwaitingPayment, Held(session: "cs_2", attempt: 2));

        await Handler().HandleAsync(Event(PaymentEventType.CheckoutExpired, session: "cs_1"), CancellationToken.None);

        Assert.Equal(BookingStatus.AwaitingPayment, Stored("HBH-PAY").Status);
    }

    [Fact]
    public async Task A_payment_after_the_hold_was_released_takes_a_free_place_back()
    {
        Add("HBH-PAY", BookingStatus.AwaitingPayment, Held());
        store.ChangeElsewhere(course.Id, c => c.GeneralPlacesTaken = 1);
        await Handler().HandleAsync(Event(PaymentEventType.CheckoutExpired), CancellationToken.None);

        await Handler().HandleAsync(Event(PaymentEventType.CheckoutCompleted), CancellationToken.None);

        Assert.Equal((BookingStatus.Confirmed, 6000L, 0L), (Stored("HBH-PAY").Status, Stored("HBH-PAY").Payment!.PaidPence, Stored("HBH-PAY").Payment!.RefundDuePence));
        Assert.Equal(1, store.Course(course.Id).GeneralPlacesTaken);
        Assert.Single(Emails("HBH-PAY"));
    }

    [Fact]
    public async Task A_payment_after_the_place_went_to_someone_else_is_recorded_with_its_refund_due()
    {
        Add("HBH-PAY", BookingStatus.AwaitingPayment, Held());
        Add("HBH-OTHER", BookingStatus.Confirmed);
        Add("HBH-WAIT", BookingStatus.Waitlisted, waitlistPosition: 1);
        store.ChangeElsewhere(course.Id, c => (c.GeneralPlacesTaken, c.WaitlistCount) = (2, 1));
        await Handler().HandleAsync(Event(PaymentEventType.CheckoutExpired), CancellationToken.None);

        await Handler().HandleAsync(Event(PaymentEventType.CheckoutCompleted), CancellationToken.None);

        var booking = Stored("HBH-PAY");
        Assert.Equal((BookingStatus.Cancelled, 6000L, 6000L, "no-place"), (booking.Status, booking.Payment!.PaidPence, booking.Payment.RefundDuePence, booking.Payment.RefundReason));
        Assert.Equal(2, store.Course(course.Id).GeneralPlacesTaken);
    }

    [Fact]
    public async Task Refunds_record_the_largest_running_total_whatever_order_they_arrive_in()
    {
        Add("HBH-PAY", BookingStatus.AwaitingPayment, Held());
        store.ChangeElsewhere(course.Id, c => c.GeneralPlacesTaken = 1);
        await Handler().HandleAsync(Event(PaymentEventType.CheckoutCompleted), CancellationToken.None);
        var all = Event(PaymentEventType.ChargeRefunded, refunded: 6000);
        var part = Event(PaymentEventType.ChargeRefunded, refunded: 2000);

        await Handler().HandleAsync(all, CancellationToken.None);
        await Handler().HandleAsync(part, CancellationToken.None);

        var payment = Stored("HBH-PAY").Payment!;
        Assert.Equal((6000L, all.OccurredUtc, PaymentState.Refunded), (payment.RefundedPence, payment.RefundedUtc, payment.State));
    }

    [Fact]
    public async Task An_event_for_a_booking_that_does_not_exist_is_applied_as_nothing_to_do()
    {
        Assert.Equal(PaymentEventHandling.Applied, await Handler().HandleAsync(Event(PaymentEventType.CheckoutCompleted, reference: "HBH-NONE"), CancellationToken.None));
        Assert.Equal(0, store.Commits);
    }
}

/// <summary>Claiming an offered place on a paid course (#16): held while the family pays, under a new checkout attempt.</summary>
public sealed class PaidClaimTests
{
    private static readonly DateTimeOffset Now = new(2027, 1, 4, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider time = new(Now);
    private readonly InMemoryCoursePartitionStore store = new();
    private readonly Mock<IEmailEnqueuer> queue = new();
    private readonly Course course = SampleCourses.Massage(new DateOnly(2027, 2, 2), capacity: 2, freePlaces: 0);

    private BookingChangeService Service(bool cardPayments) => new(
        store, queue.Object, NoMoney.Settings, NoMoney.Checkout, NoMoney.Refunds, Options.Create(new BookingChangeOptions()), time, TestPipelines.Concurrency(),
        NullLogger<BookingChangeService>.Instance, Options.Create(new HappyBabyHive.Payments.PaymentOptions { Enabled = cardPayments }));

    private void Offer(BookingPayment? earlier = null, bool anotherWayAllowed = false)
    {
        store.Add(course with { PayAnotherWayAllowed = anotherWayAllowed });
        store.AddBooking(course.Id, new Booking
        {
            Reference = "HBH-OFFER", Status = BookingStatus.Offered, ParentName = "Sam", Email = "sam@example.co.uk", BabyFirstName = "Ada",
            BabyDateOfBirth = new DateOnly(2026, 11, 1), OfferedUtc = Now.AddHours(-1), OfferExpiresUtc = Now.AddHours(5), Payment = earlier,
        });
        store.ChangeElsewhere(course.Id, c => c.GeneralPlacesTaken = 2);
    }

    private Booking Stored() => store.Rows<BookingEntity>(course.Id, RowKeys.BookingPrefix).Single().ToBooking();

    [Fact]
    public async Task Claiming_a_paid_place_holds_it_for_payment_with_the_next_attempt_and_owes_no_email_yet()
    {
        Offer(earlier: new BookingPayment { Method = PaymentMethod.Card, AmountPence = 6000, CheckoutAttempt = 1 });

        var claimed = Assert.IsType<ClaimOutcome.Claimed>(await Service(cardPayments: true).ClaimOfferAsync(new BookingKey(course.Id, "HBH-OFFER"), PaymentMethod.Card, CancellationToken.None));
        var again = await Service(cardPayments: true).ClaimOfferAsync(new BookingKey(course.Id, "HBH-OFFER"), PaymentMethod.Card, CancellationToken.None);

        Assert.Equal(BookingStatus.AwaitingPayment, claimed.Booking.Status);
        var payment = Stored().Payment!;
        Assert.Equal((2, Now + TimeSpan.FromMinutes(31), 6000L), (payment.CheckoutAttempt, payment.HeldUntilUtc, payment.AmountPence));
        Assert.IsType<ClaimOutcome.AlreadyClaimed>(again);
        Assert.Equal(2, store.Course(course.Id).GeneralPlacesTaken);
        Assert.Empty(store.Rows<OutboxEntity>(course.Id, RowKeys.OutboxPrefix));
    }

    [Fact]
    public async Task With_card_payments_off_the_claimed_place_is_confirmed_owing_by_another_way()
    {
        Offer();

        Assert.IsType<ClaimOutcome.Claimed>(await Service(cardPayments: false).ClaimOfferAsync(new BookingKey(course.Id, "HBH-OFFER"), PaymentMethod.Card, CancellationToken.None));

        Assert.Equal((BookingStatus.Confirmed, PaymentMethod.AnotherWay), (Stored().Status, Stored().Payment!.Method));
        Assert.Single(store.Rows<OutboxEntity>(course.Id, RowKeys.OutboxPrefix));
    }

    [Fact]
    public async Task Choosing_bank_transfer_or_cash_on_a_course_that_allows_it_confirms_the_place_unpaid_with_the_how_to_pay_email()
    {
        Offer(anotherWayAllowed: true);

        var claimed = Assert.IsType<ClaimOutcome.Claimed>(await Service(cardPayments: true).ClaimOfferAsync(new BookingKey(course.Id, "HBH-OFFER"), PaymentMethod.AnotherWay, CancellationToken.None));

        Assert.Equal(BookingStatus.Confirmed, claimed.Booking.Status);
        var payment = Stored().Payment!;
        Assert.Equal((PaymentMethod.AnotherWay, 6000L, 0L, PaymentState.Due), (payment.Method, payment.AmountPence, payment.PaidPence, payment.State));
        Assert.Null(payment.HeldUntilUtc);
        Assert.Equal(EmailTemplates.BookingConfirmed, Assert.Single(store.Rows<OutboxEntity>(course.Id, RowKeys.OutboxPrefix)).Template);
    }

    [Fact]
    public async Task Choosing_bank_transfer_or_cash_on_a_course_that_does_not_allow_it_pays_by_card()
    {
        Offer();

        var claimed = Assert.IsType<ClaimOutcome.Claimed>(await Service(cardPayments: true).ClaimOfferAsync(new BookingKey(course.Id, "HBH-OFFER"), PaymentMethod.AnotherWay, CancellationToken.None));

        Assert.Equal((BookingStatus.AwaitingPayment, PaymentMethod.Card), (claimed.Booking.Status, Stored().Payment!.Method));
        Assert.Empty(store.Rows<OutboxEntity>(course.Id, RowKeys.OutboxPrefix));
    }
}
