using System.Text.RegularExpressions;
using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.Functions;
using HappyBabyHive.Http;
using HappyBabyHive.IntegrationTests.Courses;
using HappyBabyHive.IntegrationTests.FreePlaces;
using HappyBabyHive.IntegrationTests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using static HappyBabyHive.IntegrationTests.Support.PageRequests;

namespace HappyBabyHive.IntegrationTests.Payments;

/// <summary>
/// A family with a held, unpaid place who books again without the original Idempotency-Key (docs/abuse-resistance.md,
/// "Same family without that key"), on Azurite, maildev and the fake Stripe: they get the same 503 as when Stripe is
/// down, the "You already have a booking" email says the place is held and its manage link leads, through "Pay now",
/// to the same Checkout Session the booking started; no second session is ever made.
/// </summary>
public sealed partial class DuplicatePaidBookingTests(EmulatorFixture emulators) : PaidAppTests(emulators)
{
    [Fact]
    public async Task A_duplicate_paid_booking_gets_the_email_whose_manage_link_leads_to_the_same_checkout_session()
    {
        var course = await TestCourses.CreateAsync(App, TestCourses.Details(capacity: 2, freePlaces: 0));
        var family = TestCourses.Unique("held-again");
        var service = App.Get<IBookingService>();
        var original = Assert.IsType<BookingOutcome.Created>(await service.BookAsync(TestBookings.For(course, family), "tab-1", CancellationToken.None)).Receipt;
        Assert.Equal(BookingStatus.AwaitingPayment, original.Status);
        var session = original.Checkout!;

        // Booking again from another tab (another key): answered as if Stripe were down, nothing about the real booking.
        var repeat = Assert.IsType<BookingOutcome.PaymentUnavailable>(await service.BookAsync(TestBookings.For(course, family), "tab-2", CancellationToken.None));
        Assert.NotEqual(original.Reference, repeat.Receipt.Reference);
        var problem = Assert.IsType<ProblemDetails>(Problems.PaymentPageUnavailable().Value);
        Assert.Equal(TryAgain.PaymentPageDetail, problem.Detail);

        Assert.Equal(1, await TestFreePlaces.DeliverQueuedEmailsAsync(App));
        var email = await Maildev.WaitForAsync(family, e => e.Subject.StartsWith("You already have a booking: ", StringComparison.Ordinal));
        Assert.Contains(original.Reference, email.Text, StringComparison.Ordinal);
        Assert.Contains($"We're holding your place until {Time.UkDateFormat.ClockToday(session.ExpiresAtUtc, Clock.GetUtcNow())}", email.Text, StringComparison.Ordinal);
        Assert.Contains("finish paying", email.Text, StringComparison.Ordinal);

        // The email's link opens the manage page, which offers "Pay now"; pressing it goes to the booking's own session.
        var link = ManageLink().Match(email.Text!).Value;
        var token = Uri.UnescapeDataString(link[(link.IndexOf("token=", StringComparison.Ordinal) + "token=".Length)..]);
        var function = ActivatorUtilities.CreateInstance<PublicManageBookingHttp>(App.Provider);
        var shown = Assert.IsType<ContentResult>(await function.ShowManageBooking(Get(token), CancellationToken.None));
        Assert.Equal(200, shown.StatusCode);
        Assert.Contains("Your place is held until", shown.Content, StringComparison.Ordinal);
        Assert.Contains("value=\"pay\"", shown.Content, StringComparison.Ordinal);

        var pay = Post(new Dictionary<string, string> { ["token"] = token, ["action"] = "pay" });
        var result = Assert.IsType<StatusCodeResult>(await function.ChangeManageBooking(pay, CancellationToken.None));
        Assert.Equal(303, result.StatusCode);
        Assert.Equal(session.Url.AbsoluteUri, pay.HttpContext.Response.Headers.Location.ToString());

        // Pressed again: still the same session. Stripe made exactly one for this hold.
        var again = Post(new Dictionary<string, string> { ["token"] = token, ["action"] = "pay" });
        await function.ChangeManageBooking(again, CancellationToken.None);
        Assert.Equal(session.Url.AbsoluteUri, again.HttpContext.Response.Headers.Location.ToString());
        Assert.Equal(1, Stripe.SessionsCreated);
        Assert.Equal(1, (await TestCourses.StoredAsync(App, course.Id)).GeneralPlacesTaken);
    }

    [Fact]
    public async Task Once_the_hold_has_ended_the_manage_page_says_so_and_Pay_now_makes_no_new_session()
    {
        var course = await TestCourses.CreateAsync(App, TestCourses.Details(capacity: 2, freePlaces: 0));
        var original = Assert.IsType<BookingOutcome.Created>(await App.Get<IBookingService>().BookAsync(TestBookings.For(course, TestCourses.Unique("too-late")), null, CancellationToken.None)).Receipt;
        var token = App.Get<BookingLinks>().ManageToken(course, original.Reference);
        var function = ActivatorUtilities.CreateInstance<PublicManageBookingHttp>(App.Provider);

        Clock.Advance(original.Checkout!.ExpiresAtUtc - Clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        var shown = Assert.IsType<ContentResult>(await function.ShowManageBooking(Get(token), CancellationToken.None));
        var pressed = Assert.IsType<ContentResult>(await function.ChangeManageBooking(Post(new Dictionary<string, string> { ["token"] = token, ["action"] = "pay" }), CancellationToken.None));

        Assert.Contains("the time ran out before payment was finished", System.Net.WebUtility.HtmlDecode(shown.Content!), StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"pay\"", shown.Content, StringComparison.Ordinal);
        Assert.Equal(410, pressed.StatusCode);
        Assert.Equal(1, Stripe.SessionsCreated);
    }

    [GeneratedRegex(@"https?://\S+/api/manage-booking\?token=[A-Za-z0-9._%-]+")]
    private static partial Regex ManageLink();
}
