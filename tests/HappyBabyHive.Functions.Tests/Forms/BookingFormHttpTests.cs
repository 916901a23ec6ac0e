using System.Text;
using HappyBabyHive.Bookings;
using HappyBabyHive.Configuration;
using HappyBabyHive.Courses;
using HappyBabyHive.Functions;
using HappyBabyHive.Http;
using HappyBabyHive.TestSupport;
using HappyBabyHive.Tests.Support;
using HappyBabyHive.Web;
using HappyBabyHive.Web.Forms;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace HappyBabyHive.Tests.Forms;

public sealed class BookingFormHttpTests
{
    private const string ValidForm = "idempotencyKey=form-key-1&courseId=massage-test&parentName=Sam+Smith&email=sam%40example.co.uk&phone=&babyFirstName=Ada&babyDateOfBirth=2026-10-01&acceptTerms=true&leaveThisEmpty=";

    private readonly Mock<IBookingService> bookings = new(MockBehavior.Strict);
    private readonly TestAbuse abuse = FormTestSupport.Abuse();
    private readonly PublicBookingFormHttp function;

    public BookingFormHttpTests()
    {
        var pages = FormTestSupport.Pages(abuse);
        function = new PublicBookingFormHttp(
            bookings.Object,
            pages,
            new BookingFormPage(
                FormTestSupport.OneCourse().Object, pages, Options.Create(FormTestSupport.Business(termsUrl: "https://www.happybabyhive.test/terms")),
                Options.Create(new HappyBabyHive.Payments.PaymentOptions { Enabled = true }), FormTestSupport.Clock()),
            abuse.Subjects);
    }

    private HttpRequest Form(string body) => FormTestSupport.Post(abuse, PublicBookingFormHttp.FormName, body);

    [Fact]
    public async Task The_form_lists_courses_preselects_one_and_loads_the_script_under_a_strict_policy()
    {
        var request = HttpRequests.Get();
        request.QueryString = new QueryString("?course=massage-test");

        var result = Assert.IsType<ContentResult>(await function.BookingForm(request, CancellationToken.None));

        Assert.Equal(200, result.StatusCode);
        using var page = FormTestSupport.Dom(result);
        Assert.True(FormTestSupport.IsChecked(page, "courseId", "massage-test"));
        FormTestSupport.AssertLoadsTheFormsScript(page);
        var csp = request.HttpContext.Response.Headers.ContentSecurityPolicy.ToString();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors https://www.happybabyhive.test", csp, StringComparison.Ordinal);
        Assert.Contains("form-action 'self' https://checkout.stripe.com;", csp, StringComparison.Ordinal); // the 303 to Checkout
        Assert.True(Encoding.UTF8.GetByteCount(result.Content!) < 100 * 1024);
        var terms = page.QuerySelector("label[for=f-acceptTerms] a")!;
        Assert.Equal(("https://www.happybabyhive.test/terms", "_blank", "noopener"), (terms.GetAttribute("href"), terms.GetAttribute("target"), terms.GetAttribute("rel")));
        Assert.Equal("booking terms (opens in a new tab)", terms.TextContent);
    }

    [Fact]
    public async Task A_good_post_books_through_the_service_with_the_forms_key_and_shows_the_reference()
    {
        bookings.Setup(b => b.BookAsync(
                It.Is<BookingRequest>(r => r.ParentName == "Sam Smith" && r.Email == "sam@example.co.uk" && r.AcceptTerms && !r.WellbeingTipsOptIn && r.LeaveThisEmpty == string.Empty),
                "form-key-1",
                It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BookingOutcome.Created(new BookingReceipt("K7M3-Q9XP", BookingStatus.Confirmed, null, "massage-test", "Baby Massage for Little Ones")));

        var result = Assert.IsType<ContentResult>(await function.BookingFormPost(Form(ValidForm), CancellationToken.None));

        Assert.Equal(200, result.StatusCode);
        using var page = FormTestSupport.Dom(result);
        Assert.Equal("You're booked", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("K7M3-Q9XP", page.QuerySelector("[data-slot=reference]")!.TextContent);
        Assert.StartsWith("Tuesdays 10:00–11:00", page.QuerySelector("[data-slot=when]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_paid_place_held_for_payment_sends_the_parent_on_to_Checkout_with_a_303()
    {
        var checkout = new HappyBabyHive.Payments.CheckoutSession("cs_test_1", new Uri("https://checkout.stripe.com/c/pay/cs_test_1"), DateTimeOffset.UnixEpoch);
        bookings.Setup(b => b.BookAsync(It.IsAny<BookingRequest>(), "form-key-1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BookingOutcome.Created(new BookingReceipt("K7M3-Q9XP", BookingStatus.AwaitingPayment, null, "massage-test", "Baby Massage", checkout)));
        var request = Form(ValidForm);

        var result = Assert.IsType<StatusCodeResult>(await function.BookingFormPost(request, CancellationToken.None));

        Assert.Equal((303, "https://checkout.stripe.com/c/pay/cs_test_1"), (result.StatusCode, request.HttpContext.Response.Headers.Location.ToString()));

        // A held place is a place: it counts towards the shared limits like a booking made outright.
        Assert.True(abuse.Store.TotalCounted > 0, "The held place was not counted towards the limits.");
    }

    [Fact]
    public async Task When_the_payment_page_cannot_be_opened_the_form_says_check_your_inbox_or_try_again_the_same_for_everyone()
    {
        // The same outcome whether Stripe is down for a new booking or this family already has a booking (then the
        // service has emailed them): the words must help both and tell neither apart (docs/abuse-resistance.md).
        bookings.Setup(b => b.BookAsync(It.IsAny<BookingRequest>(), "form-key-1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BookingOutcome.PaymentUnavailable(new BookingReceipt("Z9Z9-Z9Z9", BookingStatus.AwaitingPayment, null, "massage-test", "Baby Massage")));
        var request = Form(ValidForm);

        var result = Assert.IsType<ContentResult>(await function.BookingFormPost(request, CancellationToken.None));

        Assert.Equal(503, result.StatusCode);
        Assert.Equal("60", request.HttpContext.Response.Headers.RetryAfter.ToString());
        using var page = FormTestSupport.Dom(result);
        Assert.Equal(
            "We couldn't open the payment page just now. If you've already booked this course, we've emailed you about it: please check your inbox. Otherwise, please press Book my place again in a few minutes; you won't be booked twice.",
            page.QuerySelector("[data-summary-message]")!.TextContent.Trim());
        Assert.DoesNotContain("Z9Z9-Z9Z9", result.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("holding your place", result.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resent_form_shows_the_same_booking()
    {
        bookings.Setup(b => b.BookAsync(It.IsAny<BookingRequest>(), "form-key-1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BookingOutcome.Replayed(new BookingReceipt("K7M3-Q9XP", BookingStatus.Confirmed, null, "massage-test", "Baby Massage")));

        var result = Assert.IsType<ContentResult>(await function.BookingFormPost(Form(ValidForm), CancellationToken.None));

        Assert.Equal(200, result.StatusCode);
        Assert.Contains("K7M3-Q9XP", result.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Field_errors_re_show_the_form_with_everything_typed_and_the_same_key()
    {
        bookings.Setup(b => b.BookAsync(It.IsAny<BookingRequest>(), "form-key-1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BookingOutcome.Invalid(new Dictionary<string, string[]> { ["babyDateOfBirth"] = ["This course is for babies 6 weeks to 7 months."] }));

        var result = Assert.IsType<ContentResult>(await function.BookingFormPost(Form(ValidForm.Replace("Sam+Smith", "Sam+%3Cb%3ESmith%3C%2Fb%3E", StringComparison.Ordinal)), CancellationToken.None));

        Assert.Equal(422, result.StatusCode);
        using var page = FormTestSupport.Dom(result);
        Assert.StartsWith("Error: Book a course", page.Title, StringComparison.Ordinal);
        Assert.Equal("This course is for babies 6 weeks to 7 months.", page.QuerySelector("#babyDateOfBirth-error [data-error-text]")!.TextContent);
        Assert.Equal("Sam <b>Smith</b>", FormTestSupport.Value(page, "parentName"));
        Assert.Equal("sam@example.co.uk", FormTestSupport.Value(page, "email"));
        Assert.True(FormTestSupport.IsChecked(page, "courseId", "massage-test"));
        Assert.True(FormTestSupport.IsChecked(page, "acceptTerms", "true"));
        Assert.Equal("form-key-1", page.QuerySelector("input[name=idempotencyKey]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task A_course_that_closed_is_an_error_on_the_course_choice()
    {
        bookings.Setup(b => b.BookAsync(It.IsAny<BookingRequest>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BookingOutcome.CourseNotBookable("This course has started, so it's no longer taking bookings."));

        var result = Assert.IsType<ContentResult>(await function.BookingFormPost(Form(ValidForm), CancellationToken.None));

        Assert.Equal(409, result.StatusCode);
        using var page = FormTestSupport.Dom(result);
        var error = page.QuerySelector("#courseId-error:not([hidden])")!;
        Assert.StartsWith("Error: This course has started", error.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reused_key_gets_a_fresh_one_and_an_explanation()
    {
        bookings.Setup(b => b.BookAsync(It.IsAny<BookingRequest>(), "form-key-1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BookingOutcome.IdempotencyKeyReused());

        var result = Assert.IsType<ContentResult>(await function.BookingFormPost(Form(ValidForm), CancellationToken.None));

        Assert.Equal(422, result.StatusCode);
        using var page = FormTestSupport.Dom(result);
        Assert.Contains("already made a booking with this form", page.QuerySelector("[data-summary-message]")!.TextContent, StringComparison.Ordinal);
        Assert.NotEqual("form-key-1", page.QuerySelector("input[name=idempotencyKey]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task The_honeypot_gets_a_plain_thank_you()
    {
        bookings.Setup(b => b.BookAsync(It.Is<BookingRequest>(r => r.LeaveThisEmpty == "spam"), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BookingOutcome.Ignored());

        var result = Assert.IsType<ContentResult>(await function.BookingFormPost(Form(ValidForm + "spam"), CancellationToken.None));

        Assert.Equal(200, result.StatusCode);
        using var document = HostileHtml.Parse(result.Content!);
        Assert.Equal("Thank you. We've received your form.", document.QuerySelector("main > p:not(.brand)")!.TextContent);
        Assert.Null(document.QuerySelector("[data-slot=reference]"));
    }

    [Fact]
    public async Task Accepted_bookings_over_the_shared_limit_are_refused_kindly_and_keep_what_was_typed()
    {
        bookings.Setup(b => b.BookAsync(It.IsAny<BookingRequest>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BookingOutcome.Created(new BookingReceipt("K7M3-Q9XP", BookingStatus.Confirmed, null, "massage-test", "Baby Massage for Little Ones")));
        await function.BookingFormPost(Form(ValidForm), CancellationToken.None);
        await function.BookingFormPost(Form(ValidForm), CancellationToken.None);

        var request = Form(ValidForm);
        var result = Assert.IsType<ContentResult>(await function.BookingFormPost(request, CancellationToken.None));

        Assert.Equal(429, result.StatusCode);
        Assert.False(string.IsNullOrEmpty(request.HttpContext.Response.Headers.RetryAfter.ToString()));
        using var page = FormTestSupport.Dom(result);
        Assert.Contains("we can't take this one just now", page.QuerySelector("[data-summary-message]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Sam Smith", FormTestSupport.Value(page, "parentName"));
        bookings.Verify(b => b.BookAsync(It.IsAny<BookingRequest>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task A_post_without_a_form_token_is_refused_kindly_keeps_what_was_typed_and_carries_a_new_token()
    {
        var request = FormTestSupport.Post(ValidForm);

        var result = FormTestSupport.Page(await function.BookingFormPost(request, CancellationToken.None), 400);

        using var page = FormTestSupport.Dom(result);
        Assert.Contains("press Book my place again", page.QuerySelector("[data-summary-message]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Sam Smith", FormTestSupport.Value(page, "parentName"));
        var next = page.QuerySelector("input[name=formToken]")!.GetAttribute("value");
        Assert.False(string.IsNullOrEmpty(next));
        bookings.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_post_sooner_than_a_person_could_fill_the_form_is_refused_kindly_and_the_next_press_works()
    {
        bookings.Setup(b => b.BookAsync(It.IsAny<BookingRequest>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BookingOutcome.Created(new BookingReceipt("K7M3-Q9XP", BookingStatus.Confirmed, null, "massage-test", "Baby Massage for Little Ones")));
        var shown = FormTestSupport.Dom(Assert.IsType<ContentResult>(await function.BookingForm(HttpRequests.Get(), CancellationToken.None)));
        var token = shown.QuerySelector("input[name=formToken]")!.GetAttribute("value")!;

        var tooFast = FormTestSupport.Page(await function.BookingFormPost(FormTestSupport.Post(ValidForm + "&formToken=" + Uri.EscapeDataString(token)), CancellationToken.None), 400);
        using var refused = FormTestSupport.Dom(tooFast);
        Assert.Contains("quicker than we expected", refused.QuerySelector("[data-summary-message]")!.TextContent, StringComparison.Ordinal);
        bookings.VerifyNoOtherCalls();

        abuse.Clock.Advance(abuse.Options.MinimumFillTime);
        var next = refused.QuerySelector("input[name=formToken]")!.GetAttribute("value")!;
        FormTestSupport.Page(await function.BookingFormPost(FormTestSupport.Post(ValidForm + "&formToken=" + Uri.EscapeDataString(next)), CancellationToken.None), 200);
    }

    [Fact]
    public async Task A_token_posted_again_with_another_request_key_is_refused_and_books_nothing()
    {
        bookings.Setup(b => b.BookAsync(It.IsAny<BookingRequest>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BookingOutcome.Created(new BookingReceipt("K7M3-Q9XP", BookingStatus.Confirmed, null, "massage-test", "Baby Massage for Little Ones")));
        var token = "&formToken=" + Uri.EscapeDataString(abuse.Token(PublicBookingFormHttp.FormName));

        FormTestSupport.Page(await function.BookingFormPost(FormTestSupport.Post(ValidForm + token), CancellationToken.None), 200);
        FormTestSupport.Page(await function.BookingFormPost(FormTestSupport.Post(ValidForm.Replace("form-key-1", "form-key-2", StringComparison.Ordinal) + token), CancellationToken.None), 409);

        bookings.Verify(b => b.BookAsync(It.IsAny<BookingRequest>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task The_same_post_again_a_refresh_is_passed_on_under_its_own_request_key_so_the_booking_is_replayed_not_refused()
    {
        bookings.Setup(b => b.BookAsync(It.IsAny<BookingRequest>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BookingOutcome.Created(new BookingReceipt("K7M3-Q9XP", BookingStatus.Confirmed, null, "massage-test", "Baby Massage for Little Ones")));
        var body = ValidForm + "&formToken=" + Uri.EscapeDataString(abuse.Token(PublicBookingFormHttp.FormName));

        FormTestSupport.Page(await function.BookingFormPost(FormTestSupport.Post(body), CancellationToken.None), 200);
        FormTestSupport.Page(await function.BookingFormPost(FormTestSupport.Post(body), CancellationToken.None), 200);

        // Both reach the service with the form's own key; the booking service's idempotency makes the second a replay.
        bookings.Verify(b => b.BookAsync(It.IsAny<BookingRequest>(), "form-key-1", It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task Typos_never_use_up_the_allowance()
    {
        bookings.Setup(b => b.BookAsync(It.IsAny<BookingRequest>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BookingOutcome.Invalid(new Dictionary<string, string[]> { ["email"] = ["Enter an email address"] }));
        for (var i = 0; i < 5; i++)
        {
            FormTestSupport.Page(await function.BookingFormPost(Form(ValidForm), CancellationToken.None), 422);
        }

        bookings.Setup(b => b.BookAsync(It.IsAny<BookingRequest>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BookingOutcome.Created(new BookingReceipt("K7M3-Q9XP", BookingStatus.Confirmed, null, "massage-test", "Baby Massage for Little Ones")));
        FormTestSupport.Page(await function.BookingFormPost(Form(ValidForm), CancellationToken.None), 200);
    }

    [Fact]
    public async Task A_post_that_is_not_a_form_is_refused_without_calling_the_service()
    {
        var result = Assert.IsType<ContentResult>(await function.BookingFormPost(HttpRequests.Json("POST", "{}"), CancellationToken.None));

        Assert.Equal(400, result.StatusCode);
    }

    [Fact]
    public void The_script_is_javascript_and_cacheable()
    {
        var request = HttpRequests.Get();
        request.QueryString = new QueryString("?v=" + HappyBabyHive.Web.Forms.FormsScript.Version);

        var result = Assert.IsType<ContentResult>(new PublicFormsScriptHttp().FormsScript(request));

        Assert.Equal("text/javascript; charset=utf-8", result.ContentType);
        Assert.Contains("immutable", request.HttpContext.Response.Headers.CacheControl.ToString(), StringComparison.Ordinal);
        Assert.Contains("happybabyhive:height", result.Content, StringComparison.Ordinal);
    }

}
