using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using HappyBabyHive.Bookings.Changes;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Management;
using HappyBabyHive.Courses.Refunds;
using HappyBabyHive.Functions;
using HappyBabyHive.IntegrationTests.Courses;
using HappyBabyHive.IntegrationTests.FreePlaces;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.LocalRunner.Stripe;
using HappyBabyHive.Payments;
using HappyBabyHive.Payments.Manual;
using HappyBabyHive.Payments.Refunds;
using HappyBabyHive.Settings;
using HappyBabyHive.Storage.Courses;
using HappyBabyHive.Storage.Payments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace HappyBabyHive.IntegrationTests.Payments;

/// <summary>
/// Issue 16's money on cancellation, on real Azurite with the local fake Stripe API (through the real gateway and
/// Stripe.net): the refund is decided with the cancellation, sent once under its idempotency key whatever happens in
/// between (a lost message, a crash, Stripe down, two refunders at once), and the emails say so. And the owner's record
/// of bank-transfer and cash payments.
/// </summary>
public sealed class RefundTests(EmulatorFixture emulators) : PaidAppTests(emulators)
{
    private const long Price = 6000;
    private readonly SwitchableRefundRequests requests = new();
    protected override void ReplaceServices(IServiceCollection services) => services.Replace(ServiceDescriptor.Singleton<IRefundRequests>(sp => requests.Wrap(ActivatorUtilities.CreateInstance<QueueRefundRequests>(sp))));

    [Fact]
    public async Task A_family_cancelling_within_the_policy_is_refunded_once_through_the_queue_and_told_when_it_arrives()
    {
        var (course, references, families) = await PaidCourseAsync(1);

        var outcome = await App.Get<IBookingChangeService>().CancelAsync(new BookingKey(course.Id, references[0]), ChangedBy.Family, emailFamily: true, CancellationToken.None);

        var cancelled = Assert.IsType<CancelOutcome.Cancelled>(outcome).Booking.Payment!;
        Assert.Equal((Price, RefundReasons.CancelledByFamily, 0L), (cancelled.RefundDuePence, cancelled.RefundReason, cancelled.RefundedPence));
        Assert.Equal(0, Stripe.RefundsCreated);

        // The queue message the cancel sent, handled by the function as the host would.
        Assert.Equal(1, await DrainRefundQueueAsync());
        Assert.Equal(1, Stripe.RefundsCreated);
        var refund = Assert.Single(RefundRequests());
        Assert.Equal(PaymentIdempotencyKeys.Refund(course.Id, references[0], RefundReasons.CancelledByFamily), refund.IdempotencyKey);
        Assert.Equal("6000", refund.Fields["amount"]);
        var stored = await PaymentAsync(course.Id, references[0]);
        Assert.Equal((Price, false), (stored.RefundedPence, stored.RefundOutstanding));
        Assert.Equal(Clock.GetUtcNow(), stored.RefundedUtc);

        await TestFreePlaces.DeliverQueuedEmailsAsync(App);
        var email = await Maildev.WaitForAsync(families[0], e => e.Subject.StartsWith("Your booking is cancelled", StringComparison.Ordinal));
        Assert.Contains("We're refunding the £60 you paid to the card you paid with. Refunds usually take 5 to 10 working days", email.Text, StringComparison.Ordinal);

        // Nothing left for the sweep: it sends nothing more.
        await App.Get<RefundSweeper>().SweepAsync(CancellationToken.None);
        Assert.Equal(1, Stripe.RefundsCreated);
    }

    [Fact]
    public async Task A_family_cancelling_after_the_policy_keeps_the_place_cancelled_but_is_not_refunded()
    {
        var (course, references, families) = await PaidCourseAsync(1);
        Clock.SetUtcNow(course.FirstSessionStartsUtc - TimeSpan.FromDays(3)); // Within 7 days, before the 48-hour cut-off.

        var outcome = await App.Get<IBookingChangeService>().CancelAsync(new BookingKey(course.Id, references[0]), ChangedBy.Family, emailFamily: true, CancellationToken.None);

        Assert.Equal(0, Assert.IsType<CancelOutcome.Cancelled>(outcome).Booking.Payment!.RefundDuePence);
        Assert.Equal(0, await DrainRefundQueueAsync());
        await App.Get<RefundSweeper>().SweepAsync(CancellationToken.None);
        Assert.Equal(0, Stripe.RefundsCreated);
        await TestFreePlaces.DeliverQueuedEmailsAsync(App);
        var email = await Maildev.WaitForAsync(families[0], e => e.Subject.StartsWith("Your booking is cancelled", StringComparison.Ordinal));
        Assert.Contains("The £60 you paid isn't refunded, as you cancelled close to the start", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_owner_chooses_whether_her_cancellation_refunds()
    {
        var (course, references, _) = await PaidCourseAsync(2);
        var changes = App.Get<IBookingChangeService>();

        var kept = await changes.CancelAsync(new BookingKey(course.Id, references[0]), ChangedBy.Owner, emailFamily: false, refundIfPaid: false, CancellationToken.None);
        var refunded = await changes.CancelAsync(new BookingKey(course.Id, references[1]), ChangedBy.Owner, emailFamily: false, refundIfPaid: true, CancellationToken.None);

        Assert.Equal(0, Assert.IsType<CancelOutcome.Cancelled>(kept).Booking.Payment!.RefundDuePence);
        Assert.Equal(RefundReasons.CancelledByOwner, Assert.IsType<CancelOutcome.Cancelled>(refunded).Booking.Payment!.RefundReason);
        Assert.Equal(1, await DrainRefundQueueAsync());
        Assert.Equal(1, Stripe.RefundsCreated);
        Assert.Equal(Price, (await PaymentAsync(course.Id, references[1])).RefundedPence);
        Assert.Equal(0, (await PaymentAsync(course.Id, references[0])).RefundedPence);
    }

    [Fact]
    public async Task Cancelling_a_course_refunds_every_paid_place_once_and_only_those()
    {
        var (course, references, families) = await PaidCourseAsync(6, unpaidAnotherWay: 1);

        Assert.IsType<CourseCancelOutcome.Cancelled>(await App.Get<ICourseManagementService>().CancelAsync(course.Id, null, CancellationToken.None));

        var due = (await TestCourses.BookingsAsync(App, course.Id)).Where(b => b.PaymentRefundDuePence > 0).ToList();
        Assert.Equal(references.Take(6).Order(), due.Select(b => b.Reference).Order());
        Assert.All(due, b => Assert.Equal(RefundReasons.CourseCancelled, b.PaymentRefundReason));
        Assert.Equal(6, await DrainRefundQueueAsync());
        // A second cancel (the owner pressing again) and a sweep change nothing.
        Assert.IsType<CourseCancelOutcome.Cancelled>(await App.Get<ICourseManagementService>().CancelAsync(course.Id, null, CancellationToken.None));
        await DrainRefundQueueAsync();
        await App.Get<RefundSweeper>().SweepAsync(CancellationToken.None);

        Assert.Equal(6, Stripe.RefundsCreated);
        Assert.All(RefundRequests().GroupBy(r => r.Fields["payment_intent"]), perPayment => Assert.Single(perPayment));
        Assert.All((await TestCourses.BookingsAsync(App, course.Id)).Take(6), b => Assert.False(b.PaymentRefundOutstanding));

        await TestFreePlaces.DeliverQueuedEmailsAsync(App);
        var paid = await Maildev.WaitForAsync(families[0], e => e.Subject.Contains("has been cancelled", StringComparison.Ordinal));
        Assert.Contains("We're refunding the £60 you paid", paid.Text, StringComparison.Ordinal);
        var unpaid = await Maildev.WaitForAsync(families[6], e => e.Subject.Contains("has been cancelled", StringComparison.Ordinal));
        Assert.Contains("You hadn't paid for the place yet, so there is nothing to pay.", unpaid.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_crash_between_the_decision_and_Stripe_is_recovered_by_the_sweep_and_a_crash_after_Stripe_refunds_nothing_twice()
    {
        var (course, references, _) = await PaidCourseAsync(2);
        requests.Lose = true; // The process dies after committing the cancellation, before its queue message.
        foreach (var reference in references)
        {
            await App.Get<IBookingChangeService>().CancelAsync(new BookingKey(course.Id, reference), ChangedBy.Family, emailFamily: false, CancellationToken.None);
        }

        Assert.Equal(0, await DrainRefundQueueAsync());
        Assert.Equal(0, Stripe.RefundsCreated);

        // The second one dies after Stripe refunded, before the booking recorded it: Stripe has the refund, we don't.
        var second = await PaymentAsync(course.Id, references[1]);
        Assert.IsType<RefundOutcome.Refunded>(await App.Get<IPaymentGateway>().RefundAsync(
            new RefundRequest(second.PaymentIntentId!, Price, PaymentIdempotencyKeys.Refund(course.Id, references[1], RefundReasons.CancelledByFamily)), CancellationToken.None));
        Assert.Equal(1, Stripe.RefundsCreated);

        var swept = await App.Get<RefundSweeper>().SweepAsync(CancellationToken.None);

        Assert.Equal(2, swept[RefundResult.Refunded]);
        Assert.Equal(2, Stripe.RefundsCreated);
        Assert.All(RefundRequests(), q => Assert.Equal("6000", q.Fields["amount"]));
        foreach (var reference in references)
        {
            Assert.Equal(Price, (await PaymentAsync(course.Id, reference)).RefundedPence);
        }
    }

    [Fact]
    public async Task Two_refunders_racing_on_one_booking_refund_it_once()
    {
        var (course, references, _) = await PaidCourseAsync(1);
        requests.Lose = true;
        await App.Get<IBookingChangeService>().CancelAsync(new BookingKey(course.Id, references[0]), ChangedBy.Family, emailFamily: false, CancellationToken.None);

        // Two instances (the queue function on one, the sweep on another, say): separate refunders over the same storage and Stripe.
        var other = ActivatorUtilities.CreateInstance<Refunder>(App.Provider);
        var key = new BookingKey(course.Id, references[0]);
        var racing = await Task.WhenAll(
            Task.Run(() => App.Get<Refunder>().RefundAsync(key, CancellationToken.None)),
            Task.Run(() => other.RefundAsync(key, CancellationToken.None)));
        await App.Get<RefundSweeper>().SweepAsync(CancellationToken.None);

        Assert.Equal(1, Stripe.RefundsCreated);
        Assert.Contains(RefundResult.Refunded, racing);
        Assert.Equal(Price, (await PaymentAsync(course.Id, references[0])).RefundedPence);
    }

    [Fact]
    public async Task Stripe_down_leaves_the_refund_outstanding_and_the_sweep_sends_it_later()
    {
        var (course, references, _) = await PaidCourseAsync(1);
        Stripe.FailNext(500, count: 10); // More than Stripe.net's own retries.

        await App.Get<IBookingChangeService>().CancelAsync(new BookingKey(course.Id, references[0]), ChangedBy.Family, emailFamily: false, CancellationToken.None);
        Assert.Equal(1, await DrainRefundQueueAsync());

        Assert.Equal(0, Stripe.RefundsCreated);
        Assert.True((await PaymentAsync(course.Id, references[0])).RefundOutstanding);
        while (Stripe.Requests.Count(r => r.Path == "/v1/refunds") < 10)
        {
            // Use up the scripted outage (each call Stripe.net makes takes one), boundedly.
            Assert.Equal(RefundResult.RetryLater, await App.Get<Refunder>().RefundAsync(new BookingKey(course.Id, references[0]), CancellationToken.None));
        }

        var swept = await App.Get<RefundSweeper>().SweepAsync(CancellationToken.None);

        Assert.Equal(1, swept[RefundResult.Refunded]);
        Assert.Equal(1, Stripe.RefundsCreated);
        Assert.False((await PaymentAsync(course.Id, references[0])).RefundOutstanding);
    }

    [Fact]
    public async Task Cancelling_while_paying_expires_the_checkout_first_and_a_payment_that_beat_it_is_refunded()
    {
        var (course, references, _) = await PaidCourseAsync(0, awaitingCheckout: 2);
        var changes = App.Get<IBookingChangeService>();
        var unpaid = await PaymentAsync(course.Id, references[0]);
        var paying = await PaymentAsync(course.Id, references[1]);
        var paidEvent = JsonNode.Parse(Stripe.Complete(paying.CheckoutSessionId!))!; // The parent pays a moment before cancelling.

        var first = await changes.CancelAsync(new BookingKey(course.Id, references[0]), ChangedBy.Family, emailFamily: false, CancellationToken.None);
        var second = await changes.CancelAsync(new BookingKey(course.Id, references[1]), ChangedBy.Family, emailFamily: false, CancellationToken.None);

        Assert.Equal("expired", (string?)Stripe.Session(unpaid.CheckoutSessionId!)["status"]);
        Assert.Equal(0, Assert.IsType<CancelOutcome.Cancelled>(first).Booking.Payment!.RefundDuePence);
        var owed = Assert.IsType<CancelOutcome.Cancelled>(second).Booking.Payment!;
        Assert.Equal((Price, RefundReasons.PaidWhileCancelling), (owed.RefundDuePence, owed.RefundReason));
        Assert.Equal(0, (await TestCourses.StoredAsync(App, course.Id)).GeneralPlacesTaken);

        // Until the completion webhook records the payment there is nothing to refund against...
        Assert.Equal(RefundResult.WaitingForPayment, await App.Get<Refunder>().RefundAsync(new BookingKey(course.Id, references[1]), CancellationToken.None));
        // ...then (as the webhook handler records it) the sweep sends it.
        await SetPaymentAsync(course.Id, references[1], p => p! with { PaymentIntentId = (string)paidEvent["data"]!["object"]!["payment_intent"]!, PaidPence = Price, PaidUtc = Clock.GetUtcNow() });
        await App.Get<RefundSweeper>().SweepAsync(CancellationToken.None);
        Assert.Equal(1, Stripe.RefundsCreated);
    }

    [Fact]
    public async Task The_owner_marks_a_bank_transfer_paid_once_can_undo_it_and_marks_a_refund_given_back_by_hand()
    {
        var (course, references, _) = await PaidCourseAsync(0, unpaidAnotherWay: 1);
        await App.Get<IBusinessSettingsStore>().SaveAsync(new BusinessSettingsInput { DeclineSignposting = "Ask your health visitor.", DonationPercent = "12.5" }, CancellationToken.None);
        var payments = App.Get<OwnerPaymentService>();
        var key = new BookingKey(course.Id, references[0]);

        var marked = Assert.IsType<OwnerPaymentOutcome.Changed>(await payments.RecordAsync(key, OwnerPaymentAction.MarkPaid, CancellationToken.None));
        Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.IsType<OwnerPaymentOutcome.Unchanged>(await payments.RecordAsync(key, OwnerPaymentAction.MarkPaid, CancellationToken.None));

        var stored = await PaymentAsync(course.Id, references[0]);
        Assert.Equal((Price, 12.5m, marked.Booking.Payment!.PaidUtc), (stored.PaidPence, stored.DonationPercent, stored.PaidUtc));
        Assert.IsType<OwnerPaymentOutcome.Changed>(await payments.RecordAsync(key, OwnerPaymentAction.UndoPaid, CancellationToken.None));
        Assert.Equal((0L, (decimal?)null), ((await PaymentAsync(course.Id, references[0])).PaidPence, (await PaymentAsync(course.Id, references[0])).DonationPercent));
        Assert.IsType<OwnerPaymentOutcome.Changed>(await payments.RecordAsync(key, OwnerPaymentAction.MarkPaid, CancellationToken.None));

        // She cancels it with a refund: nothing goes to Stripe; she pays it back and says so.
        await App.Get<IBookingChangeService>().CancelAsync(key, ChangedBy.Owner, emailFamily: false, CancellationToken.None);
        Assert.Equal(RefundResult.ByHand, await App.Get<Refunder>().RefundAsync(key, CancellationToken.None));
        Assert.IsType<OwnerPaymentOutcome.NotAllowed>(await payments.RecordAsync(key, OwnerPaymentAction.UndoPaid, CancellationToken.None));
        Assert.IsType<OwnerPaymentOutcome.Changed>(await payments.RecordAsync(key, OwnerPaymentAction.MarkRefunded, CancellationToken.None));
        Assert.IsType<OwnerPaymentOutcome.Unchanged>(await payments.RecordAsync(key, OwnerPaymentAction.MarkRefunded, CancellationToken.None));
        Assert.Equal(0, Stripe.RefundsCreated);
        Assert.Equal(PaymentState.Refunded, (await PaymentAsync(course.Id, references[0])).State);
    }

    /// <summary>
    /// A course with <paramref name="paidByCard"/> families who paid at the fake Stripe, then
    /// <paramref name="unpaidAnotherWay"/> who will pay by bank transfer, then <paramref name="awaitingCheckout"/> still paying.
    /// </summary>
    private async Task<(Course Course, List<string> References, List<string> Families)> PaidCourseAsync(int paidByCard, int unpaidAnotherWay = 0, int awaitingCheckout = 0)
    {
        var course = await TestCourses.CreateAsync(App, TestCourses.Details(capacity: 10, freePlaces: 0));
        var families = Enumerable.Range(0, paidByCard + unpaidAnotherWay + awaitingCheckout).Select(i => TestCourses.Unique($"pay{i}")).ToList();
        var references = await TestCourses.BookAsync(App, course, families);
        await TestFreePlaces.DeliverQueuedEmailsAsync(App);
        // Card payments are on, so each family's place is already held (AwaitingPayment) with its own Checkout
        // Session, as the booking service made it; asking Stripe again under the same key would be refused.
        for (var i = 0; i < references.Count; i++)
        {
            var reference = references[i];
            if (i >= paidByCard + unpaidAnotherWay)
            {
                continue; // still paying
            }

            if (i >= paidByCard)
            {
                await SetPaymentAsync(course.Id, reference, _ => new BookingPayment { Method = PaymentMethod.AnotherWay, AmountPence = Price }, status: BookingStatus.Confirmed);
            }
            else
            {
                var sessionId = (await PaymentAsync(course.Id, reference)).CheckoutSessionId!;
                var paid = JsonNode.Parse(Stripe.Complete(sessionId))!["data"]!["object"]!;
                await SetPaymentAsync(course.Id, reference, _ => new BookingPayment
                {
                    Method = PaymentMethod.Card, AmountPence = Price, CheckoutSessionId = sessionId, CheckoutAttempt = 1,
                    PaymentIntentId = (string)paid["payment_intent"]!, PaidPence = Price, PaidUtc = Clock.GetUtcNow(), DonationPercent = 10m,
                }, status: BookingStatus.Confirmed);
            }
        }

        return (course, references, families);
    }

    // As pay16's booking path and webhook handler will write it; written straight to the row here (Confirmed and
    // AwaitingPayment both hold one general place, so the counters stay right).
    private async Task SetPaymentAsync(string courseId, string reference, Func<BookingPayment?, BookingPayment> change, BookingStatus? status = null)
    {
        var row = (await TestCourses.BookingsAsync(App, courseId)).Single(b => b.Reference == reference);
        var booking = row.ToBooking();
        booking = booking with { Payment = change(booking.Payment), Status = status ?? booking.Status };
        await App.BookingsTable.UpdateEntityAsync(row.Apply(booking), row.ETag, TableUpdateMode.Replace);
    }

    private async Task<BookingPayment> PaymentAsync(string courseId, string reference) =>
        (await TestCourses.BookingsAsync(App, courseId)).Single(b => b.Reference == reference).ToBooking().Payment!;

    private List<FakeStripeRequest> RefundRequests() => [.. Stripe.Requests.Where(r => r is { Method: "POST", Path: "/v1/refunds" })];

    /// <summary>Runs the refunds queue's messages through the function, as the host would; returns how many.</summary>
    private async Task<int> DrainRefundQueueAsync()
    {
        var queue = App.Get<QueueServiceClient>().GetQueueClient(App.Storage.RefundQueue);
        var function = new RefundQueue(App.Get<Refunder>(), App.Get<PoisonWatch>());
        var handled = 0;
        for (var round = 0; round < 10; round++)
        {
            var messages = (await queue.ReceiveMessagesAsync(32)).Value;
            if (messages.Length == 0)
            {
                return handled;
            }

            foreach (var message in messages)
            {
                await function.IssueRefund(message, CancellationToken.None);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                handled++;
            }
        }

        throw new InvalidOperationException("The refunds queue did not drain in 10 rounds.");
    }

    /// <summary>Passes refund requests to the real queue, or loses them (a crash after the commit, before the send).</summary>
    private sealed class SwitchableRefundRequests
    {
        public bool Lose { get; set; }

        public IRefundRequests Wrap(IRefundRequests inner) => new Switch(this, inner);

        private sealed class Switch(SwitchableRefundRequests owner, IRefundRequests inner) : IRefundRequests
        {
            public Task RequestAsync(BookingKey booking, CancellationToken cancellationToken) =>
                owner.Lose ? Task.CompletedTask : inner.RequestAsync(booking, cancellationToken);
        }
    }
}
