using HappyBabyHive.Bookings;
using HappyBabyHive.Configuration;
using HappyBabyHive.Courses;
using HappyBabyHive.Functions;
using HappyBabyHive.Http;
using HappyBabyHive.Payments;
using HappyBabyHive.Tests.Support;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace HappyBabyHive.Tests.Functions;

public sealed class CoursesHttpTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly Mock<ICourseStore> courses = new(MockBehavior.Strict);
    private readonly PaymentOptions payments = new() { Enabled = true };
    private readonly PublicCoursesHttp function;

    public CoursesHttpTests()
    {
        var cors = new Cors(Options.Create(new WebsiteOptions { AllowedOrigins = "https://www.happybabyhive.test" }));
        function = new PublicCoursesHttp(courses.Object, cors, new FakeTimeProvider(Now), Options.Create(payments));
    }

    [Theory]
    [InlineData(true, 6000, false, true, false)]
    [InlineData(true, 6000, true, true, true)]
    [InlineData(false, 6000, false, false, true)]
    [InlineData(false, 6000, true, false, true)]
    [InlineData(true, 0, false, false, false)]
    [InlineData(false, 0, false, false, false)]
    public async Task The_list_says_which_payment_methods_each_course_takes(bool cardPaymentsOn, int pricePence, bool anotherWayAllowed, bool card, bool anotherWay)
    {
        payments.Enabled = cardPaymentsOn;
        var course = SampleCourses.Massage(new DateOnly(2027, 3, 16), "massage-x") with { PricePence = pricePence, PayAnotherWayAllowed = anotherWayAllowed };
        courses.Setup(c => c.ListUpcomingAsync(Now, It.IsAny<CancellationToken>())).ReturnsAsync([course]);
        courses.Setup(c => c.FindAsync("massage-x", It.IsAny<CancellationToken>())).ReturnsAsync(course);

        var list = Assert.IsAssignableFrom<IEnumerable<CourseSummaryResponse>>(Assert.IsType<OkObjectResult>(await function.ListCourses(HttpRequests.Get(), CancellationToken.None)).Value);
        var detail = Assert.IsType<CourseDetailResponse>(Assert.IsType<OkObjectResult>(await function.GetCourse(HttpRequests.Get(), "massage-x", CancellationToken.None)).Value);

        Assert.Equal(new CoursePaymentResponse(card, anotherWay), Assert.Single(list).Payment);
        Assert.Equal(new CoursePaymentResponse(card, anotherWay), detail.Course.Payment);
    }

    [Fact]
    public async Task The_payment_field_is_named_after_the_booking_apis_paymentMethod_values()
    {
        var course = SampleCourses.Massage(new DateOnly(2027, 3, 16), "massage-x") with { PayAnotherWayAllowed = true };
        courses.Setup(c => c.ListUpcomingAsync(Now, It.IsAny<CancellationToken>())).ReturnsAsync([course]);

        var result = Assert.IsType<OkObjectResult>(await function.ListCourses(HttpRequests.Get(), CancellationToken.None));

        // The host writes results with the web defaults (camelCase), as JsonBody.Options does.
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(result.Value, JsonBody.Options));
        var payment = json.RootElement[0].GetProperty("payment");
        Assert.Equal([PaymentChoice.Card, PaymentChoice.AnotherWay], payment.EnumerateObject().Select(p => p.Name));
        Assert.Equal([JsonValueKind.True, JsonValueKind.True], payment.EnumerateObject().Select(p => p.Value.ValueKind));
    }

    [Fact]
    public async Task The_list_shows_spaces_left_and_waitlist_in_UK_time()
    {
        var open = SampleCourses.Massage(new DateOnly(2027, 3, 16), "open") with { GeneralPlacesTaken = 5 };
        var full = SampleCourses.Massage(new DateOnly(2027, 3, 30), "full", capacity: 8, freePlaces: 1) with { GeneralPlacesTaken = 7, WaitlistCount = 2 };
        courses.Setup(c => c.ListUpcomingAsync(Now, It.IsAny<CancellationToken>())).ReturnsAsync([open, full]);
        var request = HttpRequests.Get(origin: "https://www.happybabyhive.test");

        var result = Assert.IsType<OkObjectResult>(await function.ListCourses(request, CancellationToken.None));

        var list = Assert.IsAssignableFrom<IEnumerable<CourseSummaryResponse>>(result.Value).ToList();
        Assert.Equal((3, false, "3 places left"), (list[0].SpacesLeft, list[0].WaitlistOpen, list[0].Availability));
        Assert.Equal((0, true, "Full: join the waitlist"), (list[1].SpacesLeft, list[1].WaitlistOpen, list[1].Availability));
        Assert.Equal(TimeSpan.FromHours(1), list[1].FirstSessionStartsAt.Offset); // 30 March 2027 is in BST
        Assert.Equal(10, list[1].FirstSessionStartsAt.Hour);
        Assert.Equal("Tuesdays 10:00–11:00, 16 Mar – 13 Apr", list[0].Schedule);
        Assert.Equal(("baby-massage", "£60"), (list[0].Kind, list[0].Price));
        Assert.Equal("https://www.happybabyhive.test", request.HttpContext.Response.Headers.AccessControlAllowOrigin.ToString());
    }

    [Fact]
    public async Task One_course_lists_every_session()
    {
        var course = SampleCourses.Massage(new DateOnly(2027, 3, 16), "massage-x");
        courses.Setup(c => c.FindAsync("massage-x", It.IsAny<CancellationToken>())).ReturnsAsync(course);

        var result = Assert.IsType<OkObjectResult>(await function.GetCourse(HttpRequests.Get(), "massage-x", CancellationToken.None));

        var detail = Assert.IsType<CourseDetailResponse>(result.Value);
        Assert.Equal(5, detail.Sessions.Count);
        Assert.All(detail.Sessions, s => Assert.Equal(10, s.StartsAt.Hour));
        Assert.Equal("Tuesday 13 April 2027, 10:00–11:00", detail.Sessions[^1].When);
        Assert.Equal("Hallgate, Cottingham HU16", detail.VenueAddress);
    }

    [Fact]
    public async Task An_unknown_course_is_404_problem_details()
    {
        courses.Setup(c => c.FindAsync("nope", It.IsAny<CancellationToken>())).ReturnsAsync((Course?)null);

        var result = Assert.IsType<ObjectResult>(await function.GetCourse(HttpRequests.Get(), "nope", CancellationToken.None));

        Assert.Equal(404, result.StatusCode);
        Assert.Equal(404, Assert.IsType<ProblemDetails>(result.Value).Status);
    }
}
