using System.Text;
using Azure.Storage.Queues;
using HappyBabyHive.Bookings;
using HappyBabyHive.Bookings.Changes;
using HappyBabyHive.Bookings.Checkout;
using HappyBabyHive.Courses;
using HappyBabyHive.Functions;
using HappyBabyHive.IntegrationTests.Courses;
using HappyBabyHive.IntegrationTests.FreePlaces;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Payments;
using HappyBabyHive.Payments.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace HappyBabyHive.IntegrationTests.Payments;

/// <summary>
/// Book → Checkout → paid, on real Azurite and maildev with the fake Stripe: the place held while the parent pays, the
/// signed webhook received, stored and applied by the real functions and the real handler; the confirmation email sent
/// once; an abandoned checkout's place released and offered on; duplicates and late events changing nothing twice; a
/// crash between receipt and apply recovered by the sweep; and the hold timer for an expiry that never came.
/// </summary>
public sealed class PaidBookingFlowTests(EmulatorFixture emulators) : PaidAppTests(emulators)
{
    [Fact]
    public async Task A_paid_booking_is_held_then_confirmed_once_with_one_email_however_often_and_late_the_events_come()
    {
        var course = await TestCourses.CreateAsync(App, TestCourses.Details(capacity: 2, freePlaces: 0));
        var family = TestCourses.Unique("pays");

        var (reference, session) = await Flow.BookAsync(course, family);
        Assert.Equal(1, (await TestCourses.StoredAsync(App, course.Id)).GeneralPlacesTaken);
        Assert.Equal(0, await TestFreePlaces.DeliverQueuedEmailsAsync(App)); // nothing until paid
        var sent = Stripe.Requests.Single(r => r.Path == "/v1/checkout/sessions");
        Assert.Equal((course.Id, reference, "6000"), (sent.Fields["metadata[courseId]"], sent.Fields["metadata[reference]"], sent.Fields["line_items[0][price_data][unit_amount]"]));

        var paid = Stripe.Complete(session.Id);
        await Flow.DeliverAndApplyAsync(paid);
        await Flow.DeliverAndApplyAsync(paid); // Stripe sends it again
        await Flow.DeliverAndApplyAsync(Stripe.EventJson("checkout.session.expired", Stripe.Session(session.Id).Also(s => s["status"] = "expired"))); // late and out of order

        var booking = (await TestCourses.BookingsAsync(App, course.Id)).Single(b => b.Reference == reference);
        Assert.Equal((nameof(BookingStatus.Confirmed), 6000L), (booking.Status, booking.PaymentPaidPence));
        Assert.StartsWith("pi_", booking.PaymentIntentId, StringComparison.Ordinal);
        Assert.Equal(1, (await TestCourses.StoredAsync(App, course.Id)).GeneralPlacesTaken);
        Assert.Equal(1, await TestFreePlaces.DeliverQueuedEmailsAsync(App));
        var email = await Maildev.WaitForAsync(family, e => e.Subject.StartsWith("You're booked: ", StringComparison.Ordinal));
        Assert.Single(await Maildev.ToAsync(family));
        Assert.Contains(reference, email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Claiming_an_offered_place_by_bank_transfer_or_cash_books_it_unpaid_with_the_how_to_pay_email_and_nothing_at_Stripe()
    {
        var course = await TestCourses.CreateAsync(App, TestCourses.Details(capacity: 1, freePlaces: 0) with { PayAnotherWayAllowed = true });
        var first = Assert.IsType<BookingOutcome.Created>(await App.Get<IBookingService>().BookAsync(
            TestBookings.For(course, TestCourses.Unique("first")) with { PaymentMethod = PaymentChoice.AnotherWay }, null, CancellationToken.None)).Receipt;
        var waiting = TestCourses.Unique("claims");
        var offered = Assert.IsType<BookingOutcome.Created>(await App.Get<IBookingService>().BookAsync(TestBookings.For(course, waiting), null, CancellationToken.None)).Receipt;
        Assert.Equal((BookingStatus.Confirmed, BookingStatus.Waitlisted), (first.Status, offered.Status));
        Assert.IsType<CancelOutcome.Cancelled>(await App.Get<IBookingChangeService>().CancelAsync(new BookingKey(course.Id, first.Reference), ChangedBy.Owner, emailFamily: false, CancellationToken.None));
        await TestFreePlaces.DeliverQueuedEmailsAsync(App);

        var claimed = await App.Get<IBookingChangeService>().ClaimOfferAsync(new BookingKey(course.Id, offered.Reference), PaymentMethod.AnotherWay, CancellationToken.None);

        Assert.Equal(BookingStatus.Confirmed, Assert.IsType<ClaimOutcome.Claimed>(claimed).Booking.Status);
        var stored = (await TestCourses.BookingsAsync(App, course.Id)).Single(b => b.Reference == offered.Reference);
        Assert.Equal((nameof(BookingStatus.Confirmed), nameof(PaymentMethod.AnotherWay), 6000L, 0L), (stored.Status, stored.PaymentMethod, stored.PaymentAmountPence, stored.PaymentPaidPence));
        Assert.DoesNotContain(Stripe.Requests, r => r.Path == "/v1/checkout/sessions");
        Assert.Equal(1, await TestFreePlaces.DeliverQueuedEmailsAsync(App));
        var email = await Maildev.WaitForAsync(waiting, e => e.Subject.StartsWith("You're booked: ", StringComparison.Ordinal));
        Assert.Contains("HOW TO PAY", email.Text, StringComparison.Ordinal); // the plain-text part's heading
        Assert.Contains("The course costs £60", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_abandoned_checkout_releases_the_place_and_the_next_family_is_offered_it()
    {
        var course = await TestCourses.CreateAsync(App, TestCourses.Details(capacity: 1, freePlaces: 0));
        var (reference, session) = await Flow.BookAsync(course, TestCourses.Unique("abandons"));
        var waiting = TestCourses.Unique("waits");
        var waitingReference = Assert.IsType<BookingOutcome.Created>(await App.Get<IBookingService>().BookAsync(TestBookings.For(course, waiting), null, CancellationToken.None)).Receipt;
        Assert.Equal(BookingStatus.Waitlisted, waitingReference.Status);
        await TestFreePlaces.DeliverQueuedEmailsAsync(App);

        var expired = Stripe.ExpireByClock(session.Id);
        await Flow.DeliverAndApplyAsync(expired);
        await Flow.DeliverAndApplyAsync(expired);

        var rows = (await TestCourses.BookingsAsync(App, course.Id)).ToDictionary(b => b.Reference);
        Assert.Equal((nameof(BookingStatus.Cancelled), nameof(CancellationReason.PaymentNotCompleted)), (rows[reference].Status, rows[reference].CancellationReason));
        Assert.Equal(nameof(BookingStatus.Offered), rows[waitingReference.Reference].Status);
        Assert.Equal(1, await TestFreePlaces.DeliverQueuedEmailsAsync(App));
        await Maildev.WaitForAsync(waiting, e => e.Subject.StartsWith("A place is yours if you'd like it: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_payment_stored_but_not_applied_because_of_a_crash_confirms_the_booking_after_the_sweep()
    {
        var course = await TestCourses.CreateAsync(App, TestCourses.Details(capacity: 2, freePlaces: 0));
        var (reference, session) = await Flow.BookAsync(course, TestCourses.Unique("crash"));
        Assert.Equal(200, await Flow.DeliverAsync(Stripe.Complete(session.Id)));
        await Flow.EventQueue.ClearMessagesAsync(); // the process died before applying it

        Clock.Advance(PaymentEventSweeper.Grace + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await App.Get<PaymentEventSweeper>().SweepAsync(CancellationToken.None));
        await Flow.ApplyQueuedAsync();

        Assert.Equal(nameof(BookingStatus.Confirmed), (await TestCourses.BookingsAsync(App, course.Id)).Single(b => b.Reference == reference).Status);
    }

    [Fact]
    public async Task The_hold_timer_expires_an_unpaid_session_at_Stripe_and_releases_it_but_leaves_a_paid_one_for_its_event()
    {
        var course = await TestCourses.CreateAsync(App, TestCourses.Details(capacity: 2, freePlaces: 0));
        var (unpaid, unpaidSession) = await Flow.BookAsync(course, TestCourses.Unique("never"));
        var (paid, paidSession) = await Flow.BookAsync(course, TestCourses.Unique("last-moment"));
        var completed = Stripe.Complete(paidSession.Id); // paid, but its event hasn't arrived yet
        var release = App.Get<HeldPlaceRelease>();

        var tooSoon = await release.ReleaseEndedHoldsAsync(CancellationToken.None);
        Clock.Advance(unpaidSession.ExpiresAtUtc - Clock.GetUtcNow() + HeldPlaceRelease.Grace + TimeSpan.FromSeconds(1));
        var released = await release.ReleaseEndedHoldsAsync(CancellationToken.None);

        Assert.Equal((0, 1), (tooSoon, released));
        Assert.Equal("expired", (string?)Stripe.Session(unpaidSession.Id)["status"]);
        var rows = (await TestCourses.BookingsAsync(App, course.Id)).ToDictionary(b => b.Reference);
        Assert.Equal((nameof(BookingStatus.Cancelled), nameof(BookingStatus.AwaitingPayment)), (rows[unpaid].Status, rows[paid].Status));
        Assert.Equal(1, (await TestCourses.StoredAsync(App, course.Id)).GeneralPlacesTaken);

        await Flow.DeliverAndApplyAsync(completed); // arrives late, signed when delivered
        Assert.Equal(nameof(BookingStatus.Confirmed), (await TestCourses.BookingsAsync(App, course.Id)).Single(b => b.Reference == paid).Status);
    }

    [Fact]
    public async Task Stripe_down_answers_try_again_and_the_retry_with_the_same_key_gets_the_same_place_and_session()
    {
        var course = await TestCourses.CreateAsync(App, TestCourses.Details(capacity: 2, freePlaces: 0));
        var request = TestBookings.For(course, TestCourses.Unique("retry"));
        Stripe.FailNext(500, count: 2); // the call and Stripe.net's own retry

        var first = Assert.IsType<BookingOutcome.PaymentUnavailable>(await App.Get<IBookingService>().BookAsync(request, "retry-key", CancellationToken.None));
        var again = Assert.IsType<BookingOutcome.Replayed>(await App.Get<IBookingService>().BookAsync(request, "retry-key", CancellationToken.None));
        var third = Assert.IsType<BookingOutcome.Replayed>(await App.Get<IBookingService>().BookAsync(request, "retry-key", CancellationToken.None));

        Assert.Equal(first.Receipt.Reference, again.Receipt.Reference);
        Assert.Equal(again.Receipt.Checkout!.Id, third.Receipt.Checkout!.Id);
        Assert.Equal(1, Stripe.SessionsCreated);
        Assert.Equal(1, (await TestCourses.StoredAsync(App, course.Id)).GeneralPlacesTaken);
    }

    [Fact]
    public async Task The_return_pages_say_held_until_with_a_way_back_then_booked_once_paid_finding_the_booking_by_session_id_alone()
    {
        var course = await TestCourses.CreateAsync(App, TestCourses.Details(capacity: 2, freePlaces: 0));
        var (reference, session) = await Flow.BookAsync(course, TestCourses.Unique("returns"));
        var function = new PublicCheckoutReturnHttp(App.Get<ICheckoutReturns>(), App.Get<HappyBabyHive.Web.Pages.CheckoutReturnPages>());

        var (cancelled, _) = await ReturnAsync(function.CheckoutCancelled, session.Id);
        Assert.Equal(200, cancelled.StatusCode);
        Assert.Contains($"holding your place until {BookingResponse.HeldUntilText(session.ExpiresAtUtc)}.", cancelled.Content, StringComparison.Ordinal);
        Assert.Contains($"href=\"{session.Url.AbsoluteUri}\"", cancelled.Content, StringComparison.Ordinal);
        Assert.Equal(1, Stripe.SessionsCreated); // "back to payment" is the same session

        var paid = Stripe.Complete(session.Id);
        var (confirming, confirmingResponse) = await ReturnAsync(function.CheckoutSucceeded, session.Id);
        Assert.Contains("Nearly there", confirming.Content, StringComparison.Ordinal);
        Assert.Equal("5", confirmingResponse.Headers["Refresh"].ToString());

        await Flow.DeliverAndApplyAsync(paid);
        var (booked, _) = await ReturnAsync(function.CheckoutSucceeded, session.Id);
        Assert.Contains("is booked. Your booking reference is", booked.Content, StringComparison.Ordinal);
        Assert.Contains(reference, booked.Content, StringComparison.Ordinal);

        var (unknown, _) = await ReturnAsync(function.CheckoutSucceeded, "cs_test_<script>");
        Assert.Equal(404, unknown.StatusCode);
        Assert.DoesNotContain("<script>", unknown.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refund_made_in_the_Stripe_dashboard_with_empty_charge_metadata_is_recorded_on_its_booking_once_as_a_metadata_refund_is()
    {
        var course = await TestCourses.CreateAsync(App, TestCourses.Details(capacity: 2, freePlaces: 0));
        var (dashboard, dashboardSession) = await Flow.BookAsync(course, TestCourses.Unique("dashboard"));
        var (withMetadata, metadataSession) = await Flow.BookAsync(course, TestCourses.Unique("metadata"));
        await Flow.DeliverAndApplyAsync(Stripe.Complete(dashboardSession.Id));
        await Flow.DeliverAndApplyAsync(Stripe.Complete(metadataSession.Id));
        Assert.Equal(2, await TestFreePlaces.DeliverQueuedEmailsAsync(App)); // the two confirmations
        var dashboardIntent = (string)Stripe.Session(dashboardSession.Id)["payment_intent"]!;
        var metadataIntent = (string)Stripe.Session(metadataSession.Id)["payment_intent"]!;
        var sent = Stripe.Requests.First(r => r.Path == "/v1/checkout/sessions");
        Assert.Equal((course.Id, dashboard), (sent.Fields["payment_intent_data[metadata][courseId]"], sent.Fields["payment_intent_data[metadata][reference]"]));

        // The owner refunds £20, then the other £40, in the dashboard; Stripe sends each twice, and the first one late.
        var part = Stripe.RefundInDashboard(dashboardIntent, 2000);
        Clock.Advance(TimeSpan.FromSeconds(5));
        var rest = Stripe.RefundInDashboard(dashboardIntent, 4000);
        Assert.Empty(System.Text.Json.Nodes.JsonNode.Parse(rest)!["data"]!["object"]!["metadata"]!.AsObject());
        await Flow.DeliverAndApplyAsync(rest);
        await Flow.DeliverAndApplyAsync(rest);
        await Flow.DeliverAndApplyAsync(part);

        // The other family's refund arrives with the booking's metadata on the charge.
        Stripe.RefundInDashboard(metadataIntent, 6000);
        var metadataRefund = Stripe.ChargeRefundedEvent(metadataIntent);
        await Flow.DeliverAndApplyAsync(metadataRefund);
        await Flow.DeliverAndApplyAsync(metadataRefund);

        var bookings = await TestCourses.BookingsAsync(App, course.Id);
        var byDashboard = bookings.Single(b => b.Reference == dashboard);
        var byMetadata = bookings.Single(b => b.Reference == withMetadata);
        Assert.Equal((6000L, Clock.GetUtcNow().ToUnixTimeSeconds()), (byDashboard.PaymentRefundedPence, byDashboard.PaymentRefundedUtc!.Value.ToUnixTimeSeconds()));
        Assert.Equal(
            (byMetadata.Status, byMetadata.PaymentPaidPence, byMetadata.PaymentRefundedPence, byMetadata.PaymentRefundDuePence, byMetadata.PaymentRefundOutstanding),
            (byDashboard.Status, byDashboard.PaymentPaidPence, byDashboard.PaymentRefundedPence, byDashboard.PaymentRefundDuePence, byDashboard.PaymentRefundOutstanding));
        Assert.Equal(0, await TestFreePlaces.DeliverQueuedEmailsAsync(App)); // as for any refund seen on a webhook: no email of its own
        Assert.Equal(0, Stripe.RefundsCreated); // and nothing asked of Stripe
    }

    private async Task<(ContentResult Page, HttpResponse Response)> ReturnAsync(Func<HttpRequest, CancellationToken, Task<ContentResult>> page, string sessionId)
    {
        var context = new DefaultHttpContext { RequestServices = App.Provider };
        context.Request.Method = "GET";
        context.Request.QueryString = QueryString.Create("session_id", sessionId);
        return (await page(context.Request, CancellationToken.None), context.Response);
    }

}

internal static class JsonObjectExtensions
{
    public static System.Text.Json.Nodes.JsonObject Also(this System.Text.Json.Nodes.JsonObject node, Action<System.Text.Json.Nodes.JsonObject> change)
    {
        change(node);
        return node;
    }
}
