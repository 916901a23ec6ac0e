using HappyBabyHive.Bookings;
using HappyBabyHive.Configuration;
using HappyBabyHive.Courses;
using HappyBabyHive.Functions;
using HappyBabyHive.Http;
using HappyBabyHive.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Moq;

namespace HappyBabyHive.Tests.Http;

public sealed class BookingsHttpTests
{
    private const string ValidBody = """
        {"courseId":"massage-test","parentName":"Sam","email":"sam@example.co.uk","babyFirstName":"Ada","babyDateOfBirth":"2026-09-01","acceptTerms":true}
        """;

    private readonly Mock<IBookingService> bookings = new(MockBehavior.Strict);
    private readonly TestAbuse abuse = new(o => o.BookingsPerClient = new HappyBabyHive.Abuse.LimitRule { Permits = 3, Window = TimeSpan.FromDays(1) });
    private readonly PublicBookingsHttp function;

    public BookingsHttpTests()
    {
        var cors = new Cors(Options.Create(new WebsiteOptions { AllowedOrigins = "https://www.happybabyhive.test" }));
        function = new PublicBookingsHttp(bookings.Object, cors, abuse.Guard, abuse.Subjects);
    }

    [Fact]
    public async Task A_new_booking_is_201_with_reference_and_status()
    {
        var receipt = new BookingReceipt("K7M3-Q9XP", BookingStatus.Confirmed, null, "massage-test", "Baby Massage");
        bookings.Setup(b => b.BookAsync(It.Is<BookingRequest>(r => r.ParentName == "Sam" && r.AcceptTerms), "key-1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BookingOutcome.Created(receipt));
        var request = HttpRequests.Json("POST", ValidBody);
        request.Headers["Idempotency-Key"] = "key-1";

        var result = Assert.IsType<ObjectResult>(await function.CreateBooking(request, CancellationToken.None));

        Assert.Equal(201, result.StatusCode);
        var body = Assert.IsType<BookingResponse>(result.Value);
        Assert.Equal("K7M3-Q9XP", body.Reference);
        Assert.Equal("confirmed", body.Status);
    }

    [Fact]
    public async Task When_the_payment_page_cannot_be_opened_the_problem_says_check_your_inbox_or_try_again_with_no_reference()
    {
        // One answer for "Stripe is down" and "this family already has a booking" (docs/abuse-resistance.md).
        bookings.Setup(b => b.BookAsync(It.IsAny<BookingRequest>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BookingOutcome.PaymentUnavailable(new BookingReceipt("Z9Z9-Z9Z9", BookingStatus.AwaitingPayment, null, "massage-test", "Baby Massage")));
        var request = HttpRequests.Json("POST", ValidBody);

        var result = Assert.IsType<RetryLaterResult>(await function.CreateBooking(request, CancellationToken.None));

        Assert.Equal(503, result.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(60), result.Wait);
        var problem = Assert.IsType<ProblemDetails>(result.Value);
        Assert.Equal("We couldn't open the payment page just now.", problem.Title);
        Assert.Equal(
            "If you've already booked this course, we've emailed you about it: please check your inbox. Otherwise, please try again in a few minutes; you won't be booked twice.",
            problem.Detail);
        Assert.Contains("application/problem+json", result.ContentTypes);
        Assert.DoesNotContain("Z9Z9-Z9Z9", System.Text.Json.JsonSerializer.Serialize(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replayed_booking_is_200_with_the_original_reference()
    {
        var receipt = new BookingReceipt("K7M3-Q9XP", BookingStatus.Waitlisted, 3, "massage-test", "Baby Massage");
        bookings.Setup(b => b.BookAsync(It.IsAny<BookingRequest>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BookingOutcome.Replayed(receipt));

        var result = Assert.IsType<OkObjectResult>(await function.CreateBooking(HttpRequests.Json("POST", ValidBody), CancellationToken.None));

        var body = Assert.IsType<BookingResponse>(result.Value);
        Assert.Equal(("K7M3-Q9XP", "waitlisted", 3), (body.Reference, body.Status, body.WaitlistPosition));
    }

    [Fact]
    public async Task Field_errors_are_422_problem_details_naming_each_field()
    {
        bookings.Setup(b => b.BookAsync(It.IsAny<BookingRequest>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BookingOutcome.Invalid(new Dictionary<string, string[]> { ["email"] = ["bad"], ["babyDateOfBirth"] = ["too young"] }));

        var result = Assert.IsType<ObjectResult>(await function.CreateBooking(HttpRequests.Json("POST", ValidBody), CancellationToken.None));

        Assert.Equal(422, result.StatusCode);
        Assert.Contains(Problems.ContentType, result.ContentTypes);
        var problem = Assert.IsType<ValidationProblemDetails>(result.Value);
        Assert.Equal(["babyDateOfBirth", "email"], problem.Errors.Keys.Order());
    }

    [Theory]
    [InlineData(typeof(BookingOutcome.CourseNotFound), 404)]
    [InlineData(typeof(BookingOutcome.CourseNotBookable), 409)]
    [InlineData(typeof(BookingOutcome.IdempotencyKeyReused), 422)]
    [InlineData(typeof(BookingOutcome.Busy), 503)]
    public async Task Each_refusal_maps_to_its_status(Type outcomeType, int expectedStatus)
    {
        BookingOutcome outcome = outcomeType.Name switch
        {
            nameof(BookingOutcome.CourseNotFound) => new BookingOutcome.CourseNotFound("x"),
            nameof(BookingOutcome.CourseNotBookable) => new BookingOutcome.CourseNotBookable("started"),
            nameof(BookingOutcome.IdempotencyKeyReused) => new BookingOutcome.IdempotencyKeyReused(),
            _ => new BookingOutcome.Busy(),
        };
        bookings.Setup(b => b.BookAsync(It.IsAny<BookingRequest>(), It.IsAny<string?>(), It.IsAny<CancellationToken>())).ReturnsAsync(outcome);

        var result = Assert.IsAssignableFrom<ObjectResult>(await function.CreateBooking(HttpRequests.Json("POST", ValidBody), CancellationToken.None));

        Assert.Equal(expectedStatus, result.StatusCode);
        Assert.Equal(expectedStatus, Assert.IsAssignableFrom<ProblemDetails>(result.Value).Status);
    }

    [Fact]
    public async Task Malformed_json_is_400_and_reaches_no_service()
    {
        var result = Assert.IsType<ObjectResult>(await function.CreateBooking(HttpRequests.Json("POST", "{\"parentName\": "), CancellationToken.None));

        Assert.Equal(400, result.StatusCode);
        bookings.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_wrongly_typed_field_is_400_naming_the_field()
    {
        var result = Assert.IsType<ObjectResult>(await function.CreateBooking(HttpRequests.Json("POST", """{"acceptTerms":"yes please"}"""), CancellationToken.None));

        Assert.Equal(400, result.StatusCode);
        Assert.Contains("acceptTerms", Assert.IsType<ProblemDetails>(result.Value).Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("")]
    public async Task A_body_that_is_not_json_is_415(string contentType)
    {
        var result = Assert.IsType<ObjectResult>(await function.CreateBooking(HttpRequests.Json("POST", ValidBody, contentType), CancellationToken.None));

        Assert.Equal(415, result.StatusCode);
        bookings.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Json_with_a_charset_is_accepted()
    {
        bookings.Setup(b => b.BookAsync(It.IsAny<BookingRequest>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BookingOutcome.CourseNotFound("x"));

        var result = Assert.IsType<ObjectResult>(await function.CreateBooking(HttpRequests.Json("POST", ValidBody, "application/json; charset=utf-8"), CancellationToken.None));

        Assert.Equal(404, result.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_even_without_content_length()
    {
        var huge = "{\"parentName\":\"" + new string('a', JsonBody.MaxBytes) + "\"}";
        var request = HttpRequests.Json("POST", huge);
        request.ContentLength = null;

        var result = Assert.IsType<ObjectResult>(await function.CreateBooking(request, CancellationToken.None));

        Assert.Equal(413, result.StatusCode);
        bookings.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_client_over_its_shared_limit_of_accepted_bookings_gets_429_with_retry_after_and_others_do_not()
    {
        bookings.Setup(b => b.BookAsync(It.IsAny<BookingRequest>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BookingOutcome.Created(new BookingReceipt("K7M3-Q9XP", BookingStatus.Confirmed, null, "massage-test", "Baby Massage")));
        for (var i = 0; i < 3; i++)
        {
            await function.CreateBooking(HttpRequests.Json("POST", ValidBody), CancellationToken.None);
        }

        var request = HttpRequests.Json("POST", ValidBody);
        var result = Assert.IsType<ObjectResult>(await function.CreateBooking(request, CancellationToken.None));
        var otherClient = Assert.IsType<ObjectResult>(await function.CreateBooking(HttpRequests.Json("POST", ValidBody, clientAddress: "198.51.100.1"), CancellationToken.None));

        Assert.Equal(429, result.StatusCode);
        Assert.True(int.Parse(request.HttpContext.Response.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(201, otherClient.StatusCode);
    }

    [Fact]
    public async Task Places_held_while_paying_count_towards_the_limit_even_when_checkout_could_not_start()
    {
        // Held places that are never paid are released later, but meanwhile they are places: a script starting
        // checkouts it never finishes must meet the same limit as one booking outright.
        var held = new BookingReceipt("K7M3-Q9XP", BookingStatus.AwaitingPayment, null, "massage-test", "Baby Massage");
        bookings.SetupSequence(b => b.BookAsync(It.IsAny<BookingRequest>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BookingOutcome.PaymentUnavailable(held))
            .ReturnsAsync(new BookingOutcome.PaymentUnavailable(held))
            .ReturnsAsync(new BookingOutcome.PaymentUnavailable(held))
            .ReturnsAsync(new BookingOutcome.Created(held));
        for (var i = 0; i < 3; i++)
        {
            await function.CreateBooking(HttpRequests.Json("POST", ValidBody), CancellationToken.None);
        }

        var result = Assert.IsType<ObjectResult>(await function.CreateBooking(HttpRequests.Json("POST", ValidBody), CancellationToken.None));

        Assert.Equal(429, result.StatusCode);
    }

    [Fact]
    public async Task A_filled_honeypot_is_accepted_silently()
    {
        bookings.Setup(b => b.BookAsync(It.IsAny<BookingRequest>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BookingOutcome.Ignored());

        var result = await function.CreateBooking(HttpRequests.Json("POST", ValidBody), CancellationToken.None);

        Assert.IsType<AcceptedResult>(result);
    }

    [Fact]
    public async Task A_preflight_from_the_website_is_allowed()
    {
        var request = HttpRequests.Json("OPTIONS", string.Empty);
        request.Headers.Origin = "https://www.happybabyhive.test";

        var result = await function.CreateBooking(request, CancellationToken.None);

        Assert.IsType<NoContentResult>(result);
        var headers = request.HttpContext.Response.Headers;
        Assert.Equal("https://www.happybabyhive.test", headers.AccessControlAllowOrigin.ToString());
        Assert.Contains("Idempotency-Key", headers.AccessControlAllowHeaders.ToString(), StringComparison.Ordinal);
        bookings.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_preflight_from_another_site_gets_no_cors_headers()
    {
        var request = HttpRequests.Json("OPTIONS", string.Empty);
        request.Headers.Origin = "https://evil.example";

        await function.CreateBooking(request, CancellationToken.None);

        Assert.False(request.HttpContext.Response.Headers.ContainsKey("Access-Control-Allow-Origin"));
        Assert.False(request.HttpContext.Response.Headers.ContainsKey("Access-Control-Allow-Methods"));
    }

}
