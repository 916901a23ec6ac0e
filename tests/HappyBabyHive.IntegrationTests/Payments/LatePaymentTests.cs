using System.Text;
using Azure.Storage.Queues;
using HappyBabyHive.Bookings;
using HappyBabyHive.Bookings.Checkout;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Management;
using HappyBabyHive.Functions;
using HappyBabyHive.IntegrationTests.Courses;
using HappyBabyHive.IntegrationTests.FreePlaces;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Payments;
using HappyBabyHive.Payments.Refunds;
using HappyBabyHive.Payments.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace HappyBabyHive.IntegrationTests.Payments;

/// <summary>
/// A payment that arrives after its place has gone (#16), on real Azurite and maildev with the fake Stripe: the family
/// gets one "sorry, it's on its way back" email, the money goes back once, and a repeat of the event changes nothing.
/// </summary>
public sealed class LatePaymentTests(EmulatorFixture emulators) : PaidAppTests(emulators)
{
    [Fact]
    public async Task A_payment_after_the_place_went_to_another_family_is_refunded_once_with_one_sorry_email()
    {
        var course = await TestCourses.CreateAsync(App, TestCourses.Details(capacity: 1, freePlaces: 0));
        var late = TestCourses.Unique("late-payer");
        var (reference, session) = await Flow.BookAsync(course, late);

        // The parent pays at Stripe, but the hold's expiry is applied first (events arrive in any order).
        var completed = Stripe.Complete(session.Id);
        await Flow.DeliverAndApplyAsync(Stripe.EventJson("checkout.session.expired", Stripe.Session(session.Id).Also(s => s["status"] = "expired")));

        // The released place goes to another family, who pay for it.
        var other = TestCourses.Unique("next-family");
        var (otherReference, otherSession) = await Flow.BookAsync(course, other);
        await Flow.DeliverAndApplyAsync(Stripe.Complete(otherSession.Id));

        // Now the first payment's event arrives, and then again (the same delivery, and a fresh event for the same session).
        await Flow.DeliverAndApplyAsync(completed);
        await Flow.DeliverAndApplyAsync(completed);
        await Flow.DeliverAndApplyAsync(Stripe.EventJson("checkout.session.completed", Stripe.Session(session.Id)));

        var rows = (await TestCourses.BookingsAsync(App, course.Id)).ToDictionary(b => b.Reference);
        Assert.Equal((nameof(BookingStatus.Cancelled), 6000L), (rows[reference].Status, rows[reference].PaymentPaidPence));
        Assert.Equal(nameof(BookingStatus.Confirmed), rows[otherReference].Status);
        Assert.Equal(1, (await TestCourses.StoredAsync(App, course.Id)).GeneralPlacesTaken);

        // One email each: the other family's confirmation and the late payer's apology.
        Assert.Equal(2, await TestFreePlaces.DeliverQueuedEmailsAsync(App));
        var sorry = await Maildev.WaitForAsync(late, e => e.Subject.StartsWith("Your payment is being refunded: ", StringComparison.Ordinal));
        Assert.Contains("reached us after the place we were holding for you had been released", sorry.Text, StringComparison.Ordinal);
        Assert.Contains("We're refunding the full £60 to the card you paid with.", sorry.Text, StringComparison.Ordinal);
        Assert.Contains("5 to 10 working days", sorry.Text, StringComparison.Ordinal);
        Assert.Contains("Join the waitlist", sorry.Text, StringComparison.Ordinal);
        Assert.Contains($"/api/forms/booking?course={course.Id}", sorry.Text, StringComparison.Ordinal);
        await Maildev.WaitForAsync(other, e => e.Subject.StartsWith("You're booked: ", StringComparison.Ordinal));

        // The refunder gives the money back once, however often it runs.
        await App.Get<RefundSweeper>().SweepAsync(CancellationToken.None);
        await App.Get<RefundSweeper>().SweepAsync(CancellationToken.None);
        Assert.Equal(1, Stripe.RefundsCreated);
        var refund = Assert.Single(Stripe.Requests, r => r.Path == "/v1/refunds");
        Assert.Equal(PaymentIdempotencyKeys.Refund(course.Id, reference, CheckoutEventHandler.NoPlaceRefundReason), refund.IdempotencyKey);
        Assert.Equal("6000", refund.Fields["amount"]);

        // Stripe's charge.refunded, and yet another copy of the late payment, send nothing more.
        var paymentIntent = (string)Stripe.Session(session.Id)["payment_intent"]!;
        await Flow.DeliverAndApplyAsync(Stripe.ChargeRefundedEvent(paymentIntent));
        await Flow.DeliverAndApplyAsync(Stripe.EventJson("checkout.session.completed", Stripe.Session(session.Id)));
        Assert.Equal(0, await TestFreePlaces.DeliverQueuedEmailsAsync(App));
        Assert.Single(await Maildev.ToAsync(late));
        Assert.Equal(6000L, (await TestCourses.BookingsAsync(App, course.Id)).Single(b => b.Reference == reference).PaymentRefundedPence);
    }

    [Fact]
    public async Task A_course_cancelled_while_a_family_pays_ends_the_holds_and_refunds_the_payment_that_still_arrives_once()
    {
        var course = await TestCourses.CreateAsync(App, TestCourses.Details(capacity: 3, freePlaces: 0));
        var payer = TestCourses.Unique("paying-at-cancel");
        var leaver = TestCourses.Unique("still-on-checkout");
        var (reference, session) = await Flow.BookAsync(course, payer);
        var (leaverReference, leaverSession) = await Flow.BookAsync(course, leaver);

        // The first family pays at Stripe just as the owner cancels; its event has not arrived yet.
        var completed = Stripe.Complete(session.Id);
        Assert.IsType<CourseCancelOutcome.Cancelled>(await App.Get<ICourseManagementService>().CancelAsync(course.Id, null, CancellationToken.None));

        var rows = (await TestCourses.BookingsAsync(App, course.Id)).ToDictionary(b => b.Reference);
        Assert.Equal(nameof(BookingStatus.Cancelled), rows[reference].Status);
        Assert.Equal(nameof(BookingStatus.Cancelled), rows[leaverReference].Status);
        Assert.Equal(0, (await TestCourses.StoredAsync(App, course.Id)).GeneralPlacesTaken);
        Assert.Contains(Stripe.Requests, r => r.Path == $"/v1/checkout/sessions/{leaverSession.Id}/expire");

        // Both are told the course is cancelled, and that nothing was taken.
        Assert.Equal(2, await TestFreePlaces.DeliverQueuedEmailsAsync(App));
        var cancelled = await Maildev.WaitForAsync(leaver, e => e.Subject.StartsWith("Sorry, ", StringComparison.Ordinal));
        Assert.Contains("nothing was taken, so there is nothing to refund", cancelled.Text, StringComparison.Ordinal);

        // Then the payment's event arrives, twice: never confirmed, owed back once, one sorry email.
        await Flow.DeliverAndApplyAsync(completed);
        await Flow.DeliverAndApplyAsync(completed);
        var paid = (await TestCourses.BookingsAsync(App, course.Id)).Single(b => b.Reference == reference);
        Assert.Equal((nameof(BookingStatus.Cancelled), 6000L), (paid.Status, paid.PaymentPaidPence));
        Assert.Equal(0, (await TestCourses.StoredAsync(App, course.Id)).GeneralPlacesTaken);
        Assert.Equal(1, await TestFreePlaces.DeliverQueuedEmailsAsync(App));
        var sorry = await Maildev.WaitForAsync(payer, e => e.Subject.StartsWith("Your payment is being refunded: ", StringComparison.Ordinal));
        Assert.Contains("reached us after the course had been cancelled", sorry.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Join the waitlist", sorry.Text, StringComparison.Ordinal);

        await App.Get<RefundSweeper>().SweepAsync(CancellationToken.None);
        await App.Get<RefundSweeper>().SweepAsync(CancellationToken.None);
        Assert.Equal(1, Stripe.RefundsCreated);
        Assert.Equal(2, (await Maildev.ToAsync(payer)).Count);
        Assert.Single(await Maildev.ToAsync(leaver));
    }

}
