using HappyBabyHive.Bookings.Changes;
using HappyBabyHive.Bookings.Checkout;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Partition;
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
        store, queue.Object, settings.Object, new StoredPaymentIntents(store, course.Id), Options.Create(new BookingChangeOptions()), time, TestPipelines.Concurrency(),
        NullLogger<CheckoutEventHandler>.Instance);

    /// <summary>A refund made in Stripe's dashboard: the charge has no metadata, only its payment intent.</summary>
    private PaymentEvent DashboardRefund(long refunded, string paymentIntent = "pi_1") =>
        Event(PaymentEventType.ChargeRefunded, refunded: refunded) with { CourseId = string.Empty, Reference = string.Empty, ObjectId = "ch_1", PaymentIntentId = paymentIntent };

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
    public async Task A_payment_for_a_place_still_held_on_a_cancelled_course_is_owed_back_with_one_sorry_email_and_the_place_given_back()
    {
        Add("HBH-PAY", BookingStatus.AwaitingPayment, Held());
        store.ChangeElsewhere(course.Id, c => (c.GeneralPlacesTaken, c.Status) = (1, nameof(CourseStatus.Cancelled)));
        var late = Event(PaymentEventType.CheckoutCompleted);

        await Handler().HandleAsync(late, CancellationToken.None);
        await Handler().HandleAsync(late, CancellationToken.None); // Stripe sends it again

        var booking = Stored("HBH-PAY");
        Assert.Equal((BookingStatus.Cancelled, (CancellationReason?)CancellationReason.CourseCancelled), (booking.Status, booking.CancellationReason));
        Assert.Equal((6000L, 6000L, "no-place"), (booking.Payment!.PaidPence, booking.Payment.RefundDuePence, booking.Payment.RefundReason));
        Assert.Equal(0, store.Course(course.Id).GeneralPlacesTaken);
        Assert.Equal([RowKeys.Outbox("HBH-PAY", EmailTemplates.LatePaymentRefund)], Emails("HBH-PAY"));
    }

    [Fact]
    public async Task A_payment_for_a_hold_the_course_cancellation_ended_is_owed_back_with_one_sorry_email()
    {
        Add("HBH-PAY", BookingStatus.AwaitingPayment, Held());
        store.ChangeElsewhere(course.Id, c => (c.GeneralPlacesTaken, c.Status) = (1, nameof(CourseStatus.Cancelled)));
        var snapshot = (await store.LoadAsync(course.Id, CancellationToken.None))!;
        await store.LoadBookingAsync(snapshot, "HBH-PAY", CancellationToken.None);
        var ending = snapshot.Change(Now);
        ending.CancelBooking("HBH-PAY", CancellationReason.CourseCancelled);
        await store.CommitAsync(ending, CancellationToken.None);

        await Handler().HandleAsync(Event(PaymentEventType.CheckoutCompleted), CancellationToken.None);

        var booking = Stored("HBH-PAY");
        Assert.Equal((BookingStatus.Cancelled, 6000L, "no-place"), (booking.Status, booking.Payment!.RefundDuePence, booking.Payment.RefundReason));
        Assert.Equal(0, store.Course(course.Id).GeneralPlacesTaken);
        Assert.Equal([RowKeys.Outbox("HBH-PAY", EmailTemplates.LatePaymentRefund)], Emails("HBH-PAY"));
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
    public async Task A_payment_after_the_place_went_to_someone_else_owes_one_sorry_email_in_the_refunds_transaction_however_often_it_comes()
    {
        Add("HBH-PAY", BookingStatus.AwaitingPayment, Held());
        Add("HBH-OTHER", BookingStatus.Confirmed);
        Add("HBH-WAIT", BookingStatus.Waitlisted, waitlistPosition: 1);
        store.ChangeElsewhere(course.Id, c => (c.GeneralPlacesTaken, c.WaitlistCount) = (2, 1));
        await Handler().HandleAsync(Event(PaymentEventType.CheckoutExpired), CancellationToken.None); // offered to HBH-WAIT
        var commitsBefore = store.Commits;
        var late = Event(PaymentEventType.CheckoutCompleted);

        await Handler().HandleAsync(late, CancellationToken.None);
        await Handler().HandleAsync(late, CancellationToken.None); // Stripe sends it again
        await Handler().HandleAsync(Event(PaymentEventType.AsyncPaymentSucceeded), CancellationToken.None);

        Assert.Equal(commitsBefore + 1, store.Commits); // the refund due and the email owed: one transaction
        Assert.Equal([RowKeys.Outbox("HBH-PAY", EmailTemplates.LatePaymentRefund)], Emails("HBH-PAY"));
        queue.Verify(q => q.EnqueueAsync(It.Is<OutboxMessage>(m => m.RowKey.EndsWith(EmailTemplates.LatePaymentRefund, StringComparison.Ordinal)), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_payment_that_takes_a_free_place_back_owes_the_confirmation_and_no_sorry_email()
    {
        Add("HBH-PAY", BookingStatus.AwaitingPayment, Held());
        store.ChangeElsewhere(course.Id, c => c.GeneralPlacesTaken = 1);
        await Handler().HandleAsync(Event(PaymentEventType.CheckoutExpired), CancellationToken.None);

        await Handler().HandleAsync(Event(PaymentEventType.CheckoutCompleted), CancellationToken.None);

        Assert.Equal([RowKeys.Outbox("HBH-PAY", EmailTemplates.BookingConfirmed)], Emails("HBH-PAY"));
    }

    [Fact]
    public async Task A_payment_whose_refund_was_already_decided_by_a_cancellation_owes_no_second_email()
    {
        // The family cancelled while paying and Stripe said the session was paid: their cancellation email already said
        // the money is coming back.
        Add("HBH-PAY", BookingStatus.Cancelled, Held() with { HeldUntilUtc = null, RefundDuePence = 6000, RefundReason = "paid-while-cancelling" });

        await Handler().HandleAsync(Event(PaymentEventType.CheckoutCompleted), CancellationToken.None);

        var payment = Stored("HBH-PAY").Payment!;
        Assert.Equal((6000L, 6000L, "paid-while-cancelling"), (payment.PaidPence, payment.RefundDuePence, payment.RefundReason));
        Assert.Empty(Emails("HBH-PAY"));
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
    public async Task A_dashboard_refund_naming_only_the_payment_intent_is_applied_to_the_booking_that_recorded_it_as_a_metadata_refund_is()
    {
        Add("HBH-PAY", BookingStatus.AwaitingPayment, Held());
        Add("HBH-META", BookingStatus.AwaitingPayment, Held("cs_2"));
        store.ChangeElsewhere(course.Id, c => c.GeneralPlacesTaken = 2);
        await Handler().HandleAsync(Event(PaymentEventType.CheckoutCompleted), CancellationToken.None);
        await Handler().HandleAsync(Event(PaymentEventType.CheckoutCompleted, reference: "HBH-META", session: "cs_2") with { PaymentIntentId = "pi_2" }, CancellationToken.None);
        var emailsBefore = (Emails("HBH-PAY").Count, Emails("HBH-META").Count);

        var part = DashboardRefund(2000);
        var all = DashboardRefund(6000);
        Assert.Equal(PaymentEventHandling.Applied, await Handler().HandleAsync(all, CancellationToken.None));
        Assert.Equal(PaymentEventHandling.Applied, await Handler().HandleAsync(part, CancellationToken.None)); // out of order: older total
        Assert.Equal(PaymentEventHandling.Applied, await Handler().HandleAsync(all, CancellationToken.None)); // seen again
        var withMetadata = Event(PaymentEventType.ChargeRefunded, reference: "HBH-META", refunded: 6000) with { OccurredUtc = all.OccurredUtc, PaymentIntentId = "pi_2" };
        await Handler().HandleAsync(withMetadata, CancellationToken.None);

        var dashboard = Stored("HBH-PAY").Payment!;
        var metadata = Stored("HBH-META").Payment!;
        Assert.Equal((6000L, all.OccurredUtc, PaymentState.Refunded), (dashboard.RefundedPence, dashboard.RefundedUtc, dashboard.State));
        Assert.Equal(metadata with { CheckoutSessionId = "cs_1", PaymentIntentId = "pi_1", PaidUtc = dashboard.PaidUtc }, dashboard);
        Assert.Equal(emailsBefore, (Emails("HBH-PAY").Count, Emails("HBH-META").Count));
    }

    [Fact]
    public async Task A_partial_dashboard_refund_records_the_running_total_and_the_booking_keeps_its_place()
    {
        Add("HBH-PAY", BookingStatus.AwaitingPayment, Held());
        store.ChangeElsewhere(course.Id, c => c.GeneralPlacesTaken = 1);
        await Handler().HandleAsync(Event(PaymentEventType.CheckoutCompleted), CancellationToken.None);

        await Handler().HandleAsync(DashboardRefund(2500), CancellationToken.None);

        var booking = Stored("HBH-PAY");
        Assert.Equal((BookingStatus.Confirmed, 2500L, PaymentState.PartRefunded), (booking.Status, booking.Payment!.RefundedPence, booking.Payment.State));
    }

    [Fact]
    public async Task A_dashboard_refund_before_its_payment_is_recorded_waits_and_is_applied_once_the_payment_is()
    {
        Add("HBH-PAY", BookingStatus.AwaitingPayment, Held());
        store.ChangeElsewhere(course.Id, c => c.GeneralPlacesTaken = 1);
        var refund = DashboardRefund(6000);

        Assert.Equal(PaymentEventHandling.RetryLater, await Handler().HandleAsync(refund, CancellationToken.None));
        Assert.Equal(0, store.Commits);

        await Handler().HandleAsync(Event(PaymentEventType.CheckoutCompleted), CancellationToken.None);
        Assert.Equal(PaymentEventHandling.Applied, await Handler().HandleAsync(refund, CancellationToken.None));
        Assert.Equal(6000L, Stored("HBH-PAY").Payment!.RefundedPence);
    }

    [Fact]
    public async Task A_refund_for_a_payment_no_booking_recorded_is_tried_again_for_three_days_then_left()
    {
        var stray = DashboardRefund(6000, paymentIntent: "pi_someone_else");

        Assert.Equal(PaymentEventHandling.RetryLater, await Handler().HandleAsync(stray, CancellationToken.None));
        time.SetUtcNow(stray.OccurredUtc + CheckoutEventHandler.UnmatchedRefundRetryFor - TimeSpan.FromSeconds(1));
        Assert.Equal(PaymentEventHandling.RetryLater, await Handler().HandleAsync(stray, CancellationToken.None));
        time.SetUtcNow(stray.OccurredUtc + CheckoutEventHandler.UnmatchedRefundRetryFor);
        Assert.Equal(PaymentEventHandling.Applied, await Handler().HandleAsync(stray, CancellationToken.None));
        Assert.Equal(0, store.Commits);
    }

    [Fact]
    public async Task An_event_with_neither_booking_metadata_nor_a_refund_payment_intent_is_applied_as_nothing_to_do()
    {
        var unnamed = Event(PaymentEventType.CheckoutCompleted) with { CourseId = string.Empty, Reference = string.Empty };
        var refundWithoutIntent = DashboardRefund(6000) with { PaymentIntentId = null };

        Assert.Equal(PaymentEventHandling.Applied, await Handler().HandleAsync(unnamed, CancellationToken.None));
        Assert.Equal(PaymentEventHandling.Applied, await Handler().HandleAsync(refundWithoutIntent, CancellationToken.None));
        Assert.Equal(0, store.Commits);
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

/// <summary>The bookings that recorded a payment intent, read from the in-memory course partition as the table query reads the Bookings table.</summary>
internal sealed class StoredPaymentIntents(InMemoryCoursePartitionStore store, string courseId) : IPaymentIntentBookings
{
    public Task<BookingKey?> FindAsync(string paymentIntentId, CancellationToken cancellationToken) =>
        Task.FromResult(store.Rows<BookingEntity>(courseId, RowKeys.BookingPrefix).FirstOrDefault(b => b.PaymentIntentId == paymentIntentId) is { } row
            ? new BookingKey(courseId, row.Reference)
            : null);
}
