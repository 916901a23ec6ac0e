using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Management;
using HappyBabyHive.Functions;
using HappyBabyHive.OwnerConsole.Pages;
using HappyBabyHive.Tests.FreePlaces;
using HappyBabyHive.Tests.Support;
using Microsoft.AspNetCore.Mvc;
using Moq;

namespace HappyBabyHive.Tests.OwnerConsole;

public sealed class CourseConsoleTests
{
    private readonly SignedIn owner = new();
    private readonly Mock<ICourseManagementService> management = new();
    private readonly Mock<ICourseStore> store = new();
    private readonly Course course;

    public CourseConsoleTests()
    {
        course = SampleCourses.Massage(HappyBabyHive.Time.UkTime.Today(owner.Clock).AddDays(20), id: "baby-massage-jan") with
        {
            GeneralPlacesTaken = 4,
            FreePlacesTaken = 1,
            WaitlistCount = 2,
        };
        store.Setup(s => s.FindAsync(course.Id, It.IsAny<CancellationToken>())).ReturnsAsync(course);
    }

    private ConsoleCoursesHttp Function()
    {
        var layout = ConsoleTestSupport.Page();
        return new(owner.Guard(), management.Object, store.Object, new CoursePages(layout, owner.Clock), new CourseFormPage(layout), layout);
    }

    private static (string, string)[] TypedCourse(string title) =>
    [
        ("kind", "BabyYoga"), ("title", title), ("description", "Gentle yoga."), ("venue", "The Hive Room"), ("venueAddress", ""),
        ("firstSessionDate", "2027-02-30"), ("startTime", "10:00"), ("endTime", "09:00"), ("weeks", "6"),
        ("skipDates-0", "2027-03-09"), ("skipDates-1", ""), ("skipDates-2", ""),
        ("capacity", "8"), ("freePlaces", "2"), ("price", "55.50"), ("babyAgeFromWeeks", "8"), ("babyAgeToWeeks", "40"), ("babyAgeDescription", "8 weeks to crawling"),
    ];

    [Fact]
    public async Task A_new_course_is_created_from_what_was_typed_and_the_browser_is_sent_to_its_page()
    {
        CourseDetails? sent = null;
        management.Setup(m => m.CreateAsync(It.IsAny<CourseDetails>(), It.IsAny<CancellationToken>()))
            .Callback<CourseDetails, CancellationToken>((d, _) => sent = d)
            .ReturnsAsync(new CourseChangeOutcome.Created(course));
        var request = owner.Post("/api/console/courses", TypedCourse("Baby Yoga"));

        var result = await Function().ConsoleCreateCourse(request, CancellationToken.None);

        Assert.Equal(303, Assert.IsType<StatusCodeResult>(result).StatusCode);
        Assert.Equal("/api/console/courses/baby-massage-jan?done=created", SignedIn.Location(request));
        Assert.Equal(("BabyYoga", "Baby Yoga", "2027-02-30", "55.50"), (sent!.Kind, sent.Title, sent.FirstSessionDate, sent.Price));
        Assert.Equal(["2027-03-09"], sent.SkipDates);
    }

    [Fact]
    public async Task The_new_course_form_carries_a_one_time_key_that_is_kept_through_an_error_and_sent_with_the_course()
    {
        var key = new Dictionary<string, string>();
        management.Setup(m => m.CreateAsync(It.IsAny<CourseDetails>(), It.IsAny<CancellationToken>()))
            .Callback<CourseDetails, CancellationToken>((d, _) => key["sent"] = d.RequestKey!)
            .ReturnsAsync(new CourseChangeOutcome.Invalid(new Dictionary<string, string[]> { ["title"] = ["Please give the course a title."] }));
        var blank = CourseForm.NewCourse();
        var other = CourseForm.NewCourse();

        var request = owner.Post("/api/console/courses", [.. TypedCourse(""), ("requestKey", blank.RequestKey!)]);
        var html = Assert.IsType<ContentResult>(await Function().ConsoleCreateCourse(request, CancellationToken.None)).Content!;

        Assert.Matches("^[0-9a-f]{32}$", blank.RequestKey);
        Assert.NotEqual(blank.RequestKey, other.RequestKey);
        Assert.Equal(blank.RequestKey, key["sent"]);
        Assert.Contains($"<input type=\"hidden\" name=\"requestKey\" value=\"{blank.RequestKey}\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_show_beside_their_fields_in_a_focused_summary_and_nothing_typed_is_lost()
    {
        management.Setup(m => m.CreateAsync(It.IsAny<CourseDetails>(), It.IsAny<CancellationToken>())).ReturnsAsync(new CourseChangeOutcome.Invalid(new Dictionary<string, string[]>
        {
            ["endTime"] = ["The course must end after it starts."],
            ["firstSessionDate"] = ["There is no 30 February. Please check the date."],
            ["skipDates[0]"] = ["A week with no session must fall within the course."],
        }));
        var request = owner.Post("/api/console/courses", TypedCourse(FreePlaceFixtures.Hostile));

        var result = Assert.IsType<ContentResult>(await Function().ConsoleCreateCourse(request, CancellationToken.None));
        var html = result.Content!;

        Assert.Equal(422, result.StatusCode);
        Assert.Contains("<title>Error: Add a course", html, StringComparison.Ordinal);
        Assert.Contains("id=\"error-summary\" tabindex=\"-1\" aria-labelledby=\"error-summary-title\" autofocus", html, StringComparison.Ordinal);

        // Summary in page order, each linking to its field; the list item's error links to the first date box.
        var first = html.IndexOf("href=\"#f-firstSessionDate\"", StringComparison.Ordinal);
        var end = html.IndexOf("href=\"#f-endTime\"", StringComparison.Ordinal);
        var skip = html.IndexOf("href=\"#f-skipDates\"", StringComparison.Ordinal);
        Assert.True(first > 0 && first < end && end < skip, html);
        Assert.Contains("id=\"f-skipDates\" name=\"skipDates-0\" type=\"date\" value=\"2027-03-09\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"f-endTime-error\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"f-endTime\" name=\"endTime\" type=\"time\" value=\"09:00\" aria-describedby=\"f-endTime-error\" aria-invalid=\"true\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"55.50\"", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"BabyYoga\" selected>", html, StringComparison.Ordinal);
        Assert.Contains(HappyBabyHive.Web.HtmlPage.H(FreePlaceFixtures.Hostile), html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editing_shows_the_course_as_stored_and_saving_reports_families_promoted_from_the_waitlist()
    {
        var edit = Assert.IsType<ContentResult>(await Function().ConsoleEditCourse(owner.Get("/api/console/courses/baby-massage-jan/edit"), course.Id, CancellationToken.None));
        Assert.Contains("name=\"capacity\" type=\"number\" value=\"10\"", edit.Content, StringComparison.Ordinal);

        management.Setup(m => m.UpdateAsync(course.Id, It.IsAny<CourseDetails>(), It.IsAny<CancellationToken>())).ReturnsAsync(new CourseChangeOutcome.Updated(course, 2));
        var save = owner.Post("/api/console/courses/baby-massage-jan/edit", TypedCourse("Baby Massage"));
        await Function().ConsoleUpdateCourse(save, course.Id, CancellationToken.None);
        Assert.Equal("/api/console/courses/baby-massage-jan?done=updated&n=2", SignedIn.Location(save));

        var shown = Assert.IsType<ContentResult>(await Function().ConsoleCourse(owner.Get("/api/console/courses/baby-massage-jan?done=updated&n=2"), course.Id, CancellationToken.None));
        Assert.Contains("Your changes are saved. 2 families on the waitlist now have a place and are being emailed.", shown.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_capacity_below_the_places_taken_is_explained_and_the_typed_values_stay()
    {
        management.Setup(m => m.UpdateAsync(course.Id, It.IsAny<CourseDetails>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CourseChangeOutcome.Invalid(new Dictionary<string, string[]> { ["capacity"] = ["5 places are already taken, so the course needs at least 5 places."] }));

        var result = Assert.IsType<ContentResult>(await Function().ConsoleUpdateCourse(owner.Post("/api/console/courses/baby-massage-jan/edit", TypedCourse("Baby Massage")), course.Id, CancellationToken.None));

        Assert.Equal(422, result.StatusCode);
        Assert.Contains("5 places are already taken", result.Content, StringComparison.Ordinal);
        Assert.Contains("name=\"capacity\" type=\"number\" value=\"8\"", result.Content, StringComparison.Ordinal);
        Assert.Contains("action=\"/api/console/courses/baby-massage-jan/edit\"", result.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duplicating_is_one_post_that_lands_on_the_copy()
    {
        var copy = course with { Id = "baby-massage-feb" };
        management.Setup(m => m.DuplicateToNextMonthAsync(course.Id, It.IsAny<CancellationToken>())).ReturnsAsync(new CourseChangeOutcome.Created(copy));
        var request = owner.Post("/api/console/courses/baby-massage-jan/duplicate");

        await Function().ConsoleDuplicateCourse(request, course.Id, CancellationToken.None);

        Assert.Equal("/api/console/courses/baby-massage-feb?done=duplicated", SignedIn.Location(request));
        management.Verify(m => m.DuplicateToNextMonthAsync(course.Id, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task The_cancel_page_says_how_many_families_will_be_emailed_and_changes_nothing()
    {
        var result = Assert.IsType<ContentResult>(await Function().ConsoleConfirmCancelCourse(owner.Get("/api/console/courses/baby-massage-jan/cancel"), course.Id, CancellationToken.None));

        Assert.Contains("We&#x27;ll email 7 families to tell them: 4 booked places, 1 free place, 2 families on the waitlist.", result.Content, StringComparison.Ordinal);
        management.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Cancelling_passes_the_message_to_families_and_reports_how_many_are_emailed()
    {
        management.Setup(m => m.CancelAsync(course.Id, "Sorry, the hall flooded.", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CourseCancelOutcome.Cancelled(course with { Status = CourseStatus.Cancelled }, 7));
        var request = owner.Post("/api/console/courses/baby-massage-jan/cancel", ("message", "  Sorry, the hall flooded.  "));

        await Function().ConsoleCancelCourse(request, course.Id, CancellationToken.None);

        Assert.Equal("/api/console/courses/baby-massage-jan?done=cancelled&n=7", SignedIn.Location(request));
    }

    [Fact]
    public async Task Cancelling_without_the_csrf_token_changes_nothing()
    {
        var request = ConsoleTestSupport.FormPost(owner.CookieValue, "message=gone", "/api/console/courses/baby-massage-jan/cancel");

        var result = await Function().ConsoleCancelCourse(request, course.Id, CancellationToken.None);

        Assert.Equal(403, Assert.IsType<ContentResult>(result).StatusCode);
        management.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task An_unknown_course_is_a_plain_not_found_page()
    {
        var result = Assert.IsType<ContentResult>(await Function().ConsoleCourse(owner.Get("/api/console/courses/nope"), "nope", CancellationToken.None));

        Assert.Equal(404, result.StatusCode);
        Assert.Contains("We couldn&#x27;t find that course", result.Content, StringComparison.Ordinal);
    }
}
