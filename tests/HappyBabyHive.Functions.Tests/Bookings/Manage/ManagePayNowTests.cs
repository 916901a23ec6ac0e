using HappyBabyHive.Bookings.Checkout;
using HappyBabyHive.Courses;
using HappyBabyHive.Payments;
using HappyBabyHive.TestSupport;
using Microsoft.AspNetCore.Mvc;
using Moq;

namespace HappyBabyHive.Tests.Bookings.Manage;

/// <summary>
/// A place held while the family pays by card, seen from their manage page: while the hold lasts, "Pay now" goes to the
/// booking's own Checkout Session; after it, the page says plainly the hold ended and how to book again; once paid,
/// there is nothing to pay. Stripe (<see cref="IBookingCheckout"/>) is a strict mock: only "Pay now" may ask it.
/// </summary>
public sealed class ManagePayNowTests
{
    private static readonly Uri CheckoutUrl = new("https://checkout.stripe.test/c/pay/cs_test_held#fragment");

    private readonly ManageFixture f = new();

    private static Booking Held(DateTimeOffset heldUntil) => ManageFixture.Booking(BookingStatus.AwaitingPayment) with
    {
        Payment = new BookingPayment { Method = PaymentMethod.Card, AmountPence = 6000, CheckoutAttempt = 1, CheckoutSessionId = "cs_test_held", HeldUntilUtc = heldUntil },
    };

    private Dictionary<string, string> PayForm() => new() { ["token"] = f.ManageToken, ["action"] = "pay" };

    private async Task<AngleSharp.Dom.IDocument> ShowAsync()
    {
        var page = Assert.IsType<ContentResult>(await f.ManageFunction.ShowManageBooking(ManageFixture.Get(f.ManageToken), CancellationToken.None));
        Assert.Equal(200, page.StatusCode);
        return HostileHtml.Parse(page.Content!);
    }

    private static AngleSharp.Dom.IElement? PayButton(AngleSharp.Dom.IDocument page) =>
        page.QuerySelectorAll("form[method=post]").FirstOrDefault(form => form.QuerySelector("input[name=action]")?.GetAttribute("value") == "pay");

    [Fact]
    public async Task While_the_hold_lasts_the_page_says_until_when_in_UK_time_and_has_a_Pay_now_form_without_asking_Stripe()
    {
        await f.WithAsync(Held(ManageFixture.Now.AddMinutes(30)));

        using var page = await ShowAsync();

        Assert.Equal(
            "Your place is held until 09:30 (UK time). You haven't paid yet, so you're not booked: press Pay now to finish.",
            page.QuerySelector("[data-slot=status]")!.TextContent.Trim());
        var pay = PayButton(page);
        Assert.NotNull(pay);
        Assert.Equal(f.ManageToken, pay.QuerySelector("input[name=token]")!.GetAttribute("value"));
        Assert.Equal("Pay now", pay.QuerySelector("button")!.TextContent.Trim());
        Assert.Contains("Your place is held until 09:30 (UK time).", pay.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("[data-slot=book-again]"));
        Assert.Empty(page.QuerySelectorAll("script"));
        f.Checkout.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task With_card_payments_on_the_pages_CSP_lets_the_Pay_now_post_follow_its_redirect_to_Checkout()
    {
        await f.WithAsync(Held(ManageFixture.Now.AddMinutes(30)));
        var request = ManageFixture.Get(f.ManageToken);
        f.Payments.Enabled = true;
        f.Payments.CheckoutOrigin = "https://checkout.stripe.test";

        await f.ManageFunction.ShowManageBooking(request, CancellationToken.None);

        // CSP form-action covers the redirect after a post: without Checkout's origin, browsers stop at the 303.
        var policy = request.HttpContext.Response.Headers.ContentSecurityPolicy.ToString();
        Assert.Contains("form-action 'self' https://checkout.stripe.test;", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_card_payments_off_the_pages_posts_stay_on_this_site()
    {
        await f.WithAsync(ManageFixture.Booking(BookingStatus.Confirmed));
        var request = ManageFixture.Get(f.ManageToken);

        await f.ManageFunction.ShowManageBooking(request, CancellationToken.None);

        Assert.Contains("form-action 'self';", request.HttpContext.Response.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pay_now_goes_to_the_bookings_checkout_session_with_a_303()
    {
        await f.WithAsync(Held(ManageFixture.Now.AddMinutes(30)));
        f.Checkout.Setup(c => c.StartAsync(f.Key, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CheckoutStart.Started(new CheckoutSession("cs_test_held", CheckoutUrl, ManageFixture.Now.AddMinutes(30))));
        var request = ManageFixture.Post(PayForm());

        var result = Assert.IsType<StatusCodeResult>(await f.ManageFunction.ChangeManageBooking(request, CancellationToken.None));

        Assert.Equal(303, result.StatusCode);
        Assert.Equal(CheckoutUrl.AbsoluteUri, request.HttpContext.Response.Headers.Location.ToString());
        f.Checkout.Verify(c => c.StartAsync(f.Key, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Pay_now_from_another_site_is_refused_before_Stripe_is_asked()
    {
        await f.WithAsync(Held(ManageFixture.Now.AddMinutes(30)));

        var page = Assert.IsType<ContentResult>(await f.ManageFunction.ChangeManageBooking(ManageFixture.Post(PayForm(), origin: "https://evil.example", fetchSite: "cross-site"), CancellationToken.None));

        Assert.Equal(403, page.StatusCode);
        f.Checkout.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Pay_now_when_Stripe_cannot_be_reached_is_a_503_saying_the_place_is_still_held_and_to_press_again()
    {
        await f.WithAsync(Held(ManageFixture.Now.AddMinutes(30)));
        f.Checkout.Setup(c => c.StartAsync(f.Key, It.IsAny<CancellationToken>())).ReturnsAsync(new CheckoutStart.Unavailable());
        var request = ManageFixture.Post(PayForm());

        var page = Assert.IsType<ContentResult>(await f.ManageFunction.ChangeManageBooking(request, CancellationToken.None));

        Assert.Equal(503, page.StatusCode);
        Assert.Equal("60", request.HttpContext.Response.Headers.RetryAfter.ToString());
        var text = System.Net.WebUtility.HtmlDecode(page.Content!);
        Assert.Contains("We couldn't open the payment page just now.", text, StringComparison.Ordinal);
        Assert.Contains("Your place is still held until 09:30 (UK time).", text, StringComparison.Ordinal);
        Assert.Contains("press Pay now again", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_the_hold_ends_the_page_says_so_plainly_with_a_way_to_book_again_and_Pay_now_asks_nobody()
    {
        // Ended a minute ago; the timer hasn't released it yet (it waits a few minutes for Stripe's own expiry event).
        await f.WithAsync(Held(ManageFixture.Now.AddMinutes(-1)));

        using var page = await ShowAsync();
        var pressed = Assert.IsType<ContentResult>(await f.ManageFunction.ChangeManageBooking(ManageFixture.Post(PayForm()), CancellationToken.None));

        Assert.StartsWith(
            "We held a place for you while you paid, but the time ran out before payment was finished, so you're not booked and nothing was taken. You're welcome to book again",
            page.QuerySelector("[data-slot=status]")!.TextContent.Trim(),
            StringComparison.Ordinal);
        Assert.Null(PayButton(page));
        var again = page.QuerySelector("[data-slot=book-again] a")!;
        Assert.Equal(("Book again", $"forms/booking?course={f.Course.Id}"), (again.TextContent, again.GetAttribute("href")));
        Assert.Equal(410, pressed.StatusCode);
        Assert.Contains("the time ran out", System.Net.WebUtility.HtmlDecode(pressed.Content!), StringComparison.Ordinal);
        f.Checkout.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_released_hold_says_the_same_instead_of_a_bare_cancelled()
    {
        await f.WithAsync(Held(ManageFixture.Now.AddMinutes(-30)) with
        {
            Status = BookingStatus.Cancelled,
            CancellationReason = CancellationReason.PaymentNotCompleted,
            CancelledFrom = BookingStatus.AwaitingPayment,
            CancelledUtc = ManageFixture.Now.AddMinutes(-25),
        });

        using var page = await ShowAsync();

        Assert.StartsWith("We held a place for you while you paid, but the time ran out", page.QuerySelector("[data-slot=status]")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("[data-slot=book-again] a"));
        Assert.Null(PayButton(page));
    }

    [Fact]
    public async Task A_paid_place_has_nothing_to_pay_and_Pay_now_says_so_without_asking_Stripe()
    {
        await f.WithAsync(ManageFixture.Booking() with
        {
            Payment = new BookingPayment { Method = PaymentMethod.Card, AmountPence = 6000, CheckoutAttempt = 1, PaidPence = 6000, PaidUtc = ManageFixture.Now.AddHours(-2) },
        });

        using var page = await ShowAsync();
        var pressed = Assert.IsType<ContentResult>(await f.ManageFunction.ChangeManageBooking(ManageFixture.Post(PayForm()), CancellationToken.None));

        Assert.Equal("You're booked.", page.QuerySelector("[data-slot=status]")!.TextContent.Trim());
        Assert.Null(PayButton(page));
        Assert.Null(page.QuerySelector("[data-slot=book-again]"));
        Assert.Equal(409, pressed.StatusCode);
        Assert.Contains("You've already paid for this place", System.Net.WebUtility.HtmlDecode(pressed.Content!), StringComparison.Ordinal);
        f.Checkout.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_hold_that_ends_as_Pay_now_is_pressed_shows_the_hold_ended_page_from_Stripes_answer()
    {
        await f.WithAsync(Held(ManageFixture.Now.AddMinutes(30)));
        var released = Held(ManageFixture.Now.AddMinutes(-1)) with { Status = BookingStatus.Cancelled, CancellationReason = CancellationReason.PaymentNotCompleted };
        f.Checkout.Setup(c => c.StartAsync(f.Key, It.IsAny<CancellationToken>())).ReturnsAsync(new CheckoutStart.NothingToPay(released));

        var page = Assert.IsType<ContentResult>(await f.ManageFunction.ChangeManageBooking(ManageFixture.Post(PayForm()), CancellationToken.None));

        Assert.Equal(410, page.StatusCode);
    }
}
