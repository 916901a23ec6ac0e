using System.Text;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Management;
using HappyBabyHive.Functions;
using HappyBabyHive.Http;
using HappyBabyHive.Registers;
using HappyBabyHive.Settings;
using HappyBabyHive.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace HappyBabyHive.Tests.Courses;

public sealed class ManageAdminHttpTests
{
    private static readonly Course Course = SampleCourses.Massage(new DateOnly(2027, 3, 16));
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly Mock<ICourseManagementService> courses = new(MockBehavior.Strict);
    private readonly Mock<ICourseStore> store = new();
    private readonly Mock<IRegisterService> registers = new(MockBehavior.Strict);
    private readonly Mock<IBusinessSettingsStore> settings = new(MockBehavior.Strict);

    private ManageCoursesHttp CourseFunctions => new(courses.Object, store.Object);

    private ManageRegistersHttp RegisterFunctions => new(registers.Object, clock);

    private static HttpRequest Get(string? query = null, string? accept = null)
    {
        var request = HttpRequests.Get();
        if (query is not null)
        {
            request.QueryString = new QueryString("?" + query);
        }

        if (accept is not null)
        {
            request.Headers.Accept = accept;
        }

        return request;
    }

    private static void AssertProblem(IActionResult result, int status, string type)
    {
        var problem = Assert.IsAssignableFrom<ObjectResult>(result);
        Assert.Equal(status, problem.StatusCode);
        Assert.Equal("urn:happybabyhive:problem:" + type, Assert.IsAssignableFrom<ProblemDetails>(problem.Value).Type);
        Assert.Contains(Problems.ContentType, problem.ContentTypes);
    }

    public static TheoryData<CourseChangeOutcome, int, string?> ChangeOutcomes => new()
    {
        { new CourseChangeOutcome.Invalid(new Dictionary<string, string[]> { ["capacity"] = ["x"] }), 422, "validation" },
        { new CourseChangeOutcome.NotFound(), 404, "not-found" },
        { new CourseChangeOutcome.Conflict("Cancelled."), 409, "course-change-refused" },
        { new CourseChangeOutcome.Busy(), 503, "busy" },
        { new CourseChangeOutcome.Created(Course), 201, null },
        { new CourseChangeOutcome.Updated(Course, 2), 200, null },
    };

    [Theory]
    [MemberData(nameof(ChangeOutcomes))]
    public void Every_change_outcome_has_its_status_and_problem_type(CourseChangeOutcome outcome, int status, string? problemType)
    {
        var result = ManageCoursesHttp.Map(outcome);

        if (problemType is null)
        {
            Assert.Equal(status, Assert.IsAssignableFrom<ObjectResult>(result).StatusCode);
        }
        else
        {
            AssertProblem(result, status, problemType);
        }
    }

    public static TheoryData<CourseCancelOutcome, int, string?> CancelOutcomes => new()
    {
        { new CourseCancelOutcome.Invalid(new Dictionary<string, string[]> { ["message"] = ["x"] }), 422, "validation" },
        { new CourseCancelOutcome.NotFound(), 404, "not-found" },
        { new CourseCancelOutcome.Conflict("Finished."), 409, "course-not-cancellable" },
        { new CourseCancelOutcome.Busy(), 503, "busy" },
        { new CourseCancelOutcome.Cancelled(Course, 3), 200, null },
    };

    [Theory]
    [MemberData(nameof(CancelOutcomes))]
    public void Every_cancel_outcome_has_its_status_and_problem_type(CourseCancelOutcome outcome, int status, string? problemType)
    {
        var result = ManageCoursesHttp.Map(outcome);

        if (problemType is null)
        {
            Assert.Equal(status, Assert.IsAssignableFrom<ObjectResult>(result).StatusCode);
        }
        else
        {
            AssertProblem(result, status, problemType);
        }
    }

    [Fact]
    public async Task Creating_reads_the_json_body_and_answers_201_with_the_location_and_the_course()
    {
        courses.Setup(c => c.CreateAsync(It.Is<CourseDetails>(d => d.Title == "Yoga" && d.SkipDates.Count == 1), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CourseChangeOutcome.Created(Course));

        var result = Assert.IsType<CreatedResult>(await CourseFunctions.CreateCourse(
            HttpRequests.Json("POST", """{"title":"Yoga","skipDates":["2027-04-06"]}"""), CancellationToken.None));

        Assert.Equal("/api/manage/courses/massage-test", result.Location);
        var body = Assert.IsType<ManagedCourseResponse>(result.Value);
        Assert.Equal(("massage-test", "open", "10:00"), (body.Id, body.Status, body.Details.StartTime));
    }

    [Theory]
    [InlineData("{\"title\": ", "application/json", 400, "malformed-json")]
    [InlineData("{\"capacity\": 10}", "application/json", 400, "malformed-json")]
    [InlineData("title=Yoga", "application/x-www-form-urlencoded", 415, "unsupported-media-type")]
    public async Task A_body_that_isnt_a_course_as_json_is_refused_before_the_service(string body, string contentType, int status, string type) =>
        AssertProblem(await CourseFunctions.UpdateCourse(HttpRequests.Json("PUT", body, contentType), "massage-test", CancellationToken.None), status, type);

    [Fact]
    public async Task Getting_an_unknown_course_is_404() =>
        AssertProblem(await CourseFunctions.GetManagedCourse(Get(), "no-such-course", CancellationToken.None), 404, "not-found");

    [Theory]
    [InlineData(null, null)]
    [InlineData("""{"message":"Sorry, I'm unwell."}""", "Sorry, I'm unwell.")]
    public async Task Cancelling_takes_an_optional_message(string? body, string? message)
    {
        courses.Setup(c => c.CancelAsync("massage-test", message, It.IsAny<CancellationToken>())).ReturnsAsync(new CourseCancelOutcome.Cancelled(Course with { Status = CourseStatus.Cancelled }, 5));
        var request = body is null ? HttpRequests.Get() : HttpRequests.Json("POST", body);
        request.Method = "POST";

        var result = Assert.IsType<OkObjectResult>(await CourseFunctions.CancelCourse(request, "massage-test", CancellationToken.None));

        var response = Assert.IsType<CourseCancelledResponse>(result.Value);
        Assert.Equal(("cancelled", 5), (response.Course.Status, response.FamiliesEmailed));
    }

    private static CourseRegister Register() => new(
        Course,
        [new RegisterEntry("AAAA-0001", "=Sam", "sam@example.co.uk", null, "Ada", new DateOnly(2027, 1, 1), "10 weeks", false, new DateTimeOffset(2027, 2, 1, 9, 0, 0, TimeSpan.Zero), null)],
        []);

    [Theory]
    [InlineData("format=csv", null)]
    [InlineData(null, "text/csv")]
    [InlineData(null, "text/html, text/csv;q=0.9")]
    public async Task The_register_downloads_as_csv_when_asked(string? query, string? accept)
    {
        registers.Setup(r => r.GetAsync("massage-test", It.IsAny<CancellationToken>())).ReturnsAsync(Register());
        var request = Get(query, accept);

        var file = Assert.IsType<FileContentResult>(await RegisterFunctions.GetCourseRegister(request, "massage-test", CancellationToken.None));

        Assert.Equal("text/csv; charset=utf-8", file.ContentType);
        Assert.Equal("register-massage-test.csv", file.FileDownloadName);
        Assert.Contains("'=Sam", Encoding.UTF8.GetString(file.FileContents), StringComparison.Ordinal);
        Assert.Equal("no-store", request.HttpContext.Response.Headers.CacheControl.ToString());
        Assert.Equal("nosniff", request.HttpContext.Response.Headers.XContentTypeOptions.ToString());
    }

    [Fact]
    public async Task The_register_is_json_by_default_and_404_for_an_unknown_course()
    {
        registers.Setup(r => r.GetAsync("massage-test", It.IsAny<CancellationToken>())).ReturnsAsync(Register());
        registers.Setup(r => r.GetAsync("nope", It.IsAny<CancellationToken>())).ReturnsAsync((CourseRegister?)null);

        var json = Assert.IsType<OkObjectResult>(await RegisterFunctions.GetCourseRegister(Get(), "massage-test", CancellationToken.None));

        Assert.Equal("Paid", Assert.Single(Assert.IsType<RegisterResponse>(json.Value).Booked).Place);
        AssertProblem(await RegisterFunctions.GetCourseRegister(Get(), "nope", CancellationToken.None), 404, "not-found");
        AssertProblem(await RegisterFunctions.GetCourseRegister(Get("format=xlsx"), "massage-test", CancellationToken.None), 400, "bad-format");
    }

    [Theory]
    [InlineData(null, 7)]
    [InlineData("days=1", 1)]
    [InlineData("days=90", 90)]
    public async Task Recent_bookings_go_back_the_days_asked(string? query, int days)
    {
        registers.Setup(r => r.ListRecentAsync(clock.GetUtcNow().AddDays(-days), It.IsAny<CancellationToken>())).ReturnsAsync([]);

        Assert.IsType<OkObjectResult>(await RegisterFunctions.ListRecentBookings(Get(query), CancellationToken.None));
    }

    [Theory]
    [InlineData("days=0")]
    [InlineData("days=91")]
    [InlineData("days=-1")]
    [InlineData("days=week")]
    public async Task Recent_bookings_refuse_a_strange_number_of_days(string query) =>
        AssertProblem(await RegisterFunctions.ListRecentBookings(Get(query), CancellationToken.None), 400, "bad-days");

    [Fact]
    public async Task Settings_show_whether_they_are_still_the_defaults_and_a_bad_save_is_422()
    {
        settings.Setup(s => s.GetAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new BusinessSettings("Support text", 10, null));
        settings.Setup(s => s.SaveAsync(It.IsAny<BusinessSettingsInput>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new SettingsSaveOutcome.Invalid(new Dictionary<string, string[]> { ["donationPercent"] = ["The percentage must be between 0 and 100."] }));
        var function = new ManageSettingsHttp(settings.Object);

        var shown = Assert.IsType<SettingsResponse>(Assert.IsType<OkObjectResult>(await function.GetSettings(Get(), CancellationToken.None)).Value);
        var saved = await function.UpdateSettings(HttpRequests.Json("PUT", """{"declineSignposting":"x","donationPercent":"101"}"""), CancellationToken.None);

        Assert.True(shown.IsDefault);
        AssertProblem(saved, 422, "validation");
        AssertProblem(await function.UpdateSettings(HttpRequests.Json("PUT", "{\"donationPercent\": 10}"), CancellationToken.None), 400, "malformed-json");
    }
}
