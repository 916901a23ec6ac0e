using HappyBabyHive.Bookings;
using HappyBabyHive.Bookings.Checkout;
using HappyBabyHive.Pages.Styles;
using HappyBabyHive.Pages.Website;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace HappyBabyHive.Web.Pages;

/// <summary>
/// The pages Stripe Checkout sends a parent back to (<see cref="CheckoutReturnView"/>), in words for a tired parent.
/// They show the course and the booking reference, nothing personal, because the address holds only Stripe's session id.
/// </summary>
public sealed class CheckoutReturnPages(PageResults pages)
{
    /// <summary>How often "we're confirming your payment" looks again (a Refresh header: no script needed).</summary>
    public const int RefreshSeconds = 5;

    public Task<ContentResult> ShowAsync(HttpResponse response, CheckoutReturn where, string sessionId) => where switch
    {
        CheckoutReturn.Booked booked => PageAsync(
            response,
            "You're booked",
            new CheckoutReturnModel(
                "Thank you, you've paid",
                [
                    $"Your place on {booked.CourseTitle} is booked. Your booking reference is {booked.Reference}.",
                    "We've emailed your confirmation with all the dates. You can close this page.",
                ])),
        CheckoutReturn.Confirming confirming => Refreshing(response, PageAsync(
            response,
            "We're confirming your payment",
            new CheckoutReturnModel(
                "Nearly there",
                [
                    $"Stripe has told us you've paid for {confirming.CourseTitle}, thank you. We're just confirming your place (booking reference {confirming.Reference}).",
                    "This page will update by itself in a few seconds, and your confirmation email is on its way. You don't need to pay again.",
                ],
                Action: new PageLink("Check again", SelfLink(sessionId))))),
        CheckoutReturn.PaidTooLate late => PageAsync(
            response,
            "Your payment is being refunded",
            new CheckoutReturnModel(
                "We're sorry, your place had gone",
                [
                    late.CourseCancelled
                        ? $"Your payment for {late.CourseTitle} reached us after the course had been cancelled, so there was no place to give you."
                        : $"Your payment for {late.CourseTitle} reached us after the place we were holding for you had been released, so we couldn't give you that place.",
                    $"We're refunding your payment in full to the card you paid with. You don't need to do anything, and you don't need to pay again. Your booking reference is {late.Reference}.",
                    "We've emailed you to say so. If you have any questions, just reply to that email.",
                ],
                Problem: true)),
        CheckoutReturn.Held held => PageAsync(
            response,
            "Payment not finished",
            new CheckoutReturnModel(
                "Your place is still held",
                [
                    $"You haven't paid for {held.CourseTitle} yet, so you're not booked. We're holding your place until {BookingResponse.HeldUntilText(held.HeldUntilUtc)}.",
                    "If you'd like the place, go back to the payment page and finish paying before then. If not, you don't need to do anything: the place goes to the next family.",
                ],
                Action: new PageLink("Back to payment", held.CheckoutUrl.AbsoluteUri))),
        CheckoutReturn.Released released => PageAsync(
            response,
            "Payment not finished",
            new CheckoutReturnModel(
                "Your held place has gone",
                [$"We held a place on {released.CourseTitle} while you paid, but the time ran out, so you're not booked and nothing was taken. You're welcome to book again if there's still room."],
                Problem: true)),
        CheckoutReturn.Unavailable => PageAsync(
            response,
            "Please try again in a moment",
            new CheckoutReturnModel(
                "We can't check right now",
                ["We can't reach our payment provider just now. Any payment you made is safe, and your confirmation email will follow. Please refresh this page in a minute."],
                Problem: true,
                Action: new PageLink("Check again", SelfLink(sessionId))),
            StatusCodes.Status503ServiceUnavailable),
        _ => PageAsync(
            response,
            "This link doesn't look right",
            new CheckoutReturnModel(
                "What you can do",
                ["We couldn't find a booking for this payment page. If you've paid, your confirmation email will follow; if it doesn't arrive within the hour, please get in touch."],
                Problem: true),
            StatusCodes.Status404NotFound),
    };

    private static async Task<ContentResult> Refreshing(HttpResponse response, Task<ContentResult> page)
    {
        var result = await page;
        response.Headers["Refresh"] = RefreshSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return result;
    }

    /// <summary>The same page again, relative, with only Stripe's session id (checked to be one before it gets here, or dropped).</summary>
    private static string SelfLink(string sessionId) => "?session_id=" + Uri.EscapeDataString(sessionId);

    // Opened from Stripe in the top window, never framed.
    private Task<ContentResult> PageAsync(HttpResponse response, string title, CheckoutReturnModel model, int statusCode = StatusCodes.Status200OK) =>
        pages.PageAsync<CheckoutReturnView>(response, new PageSpec(title, Framing.Never) { StatusCode = statusCode, Stylesheets = [Stylesheets.Forms] }, model);
}
