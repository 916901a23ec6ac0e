using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Management;
using HappyBabyHive.Functions;
using HappyBabyHive.OwnerConsole.Pages;
using HappyBabyHive.Pages.Console;
using HappyBabyHive.Tests.FreePlaces;
using HappyBabyHive.Tests.Support;
using HappyBabyHive.TestSupport;
using Microsoft.AspNetCore.Mvc;
using Moq;
using static HappyBabyHive.Tests.OwnerConsole.ConsoleTestSupport;

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
        using var page = Parse(await Function().ConsoleCreateCourse(request, CancellationToken.None));

        Assert.Matches("^[0-9a-f]{32}$", blank.RequestKey);
        Assert.NotEqual(blank.RequestKey, other.RequestKey);
        Assert.Equal(blank.RequestKey, key["sent"]);
        var hidden = page.QuerySelector<IHtmlInputElement>("form input[name=requestKey]")!;
        Assert.Equal(("hidden", blank.RequestKey), (hidden.Type, hidden.Value));
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
        using var page = Parse(result);

        Assert.Equal(422, result.StatusCode);
        Assert.StartsWith("Error: Add a course", page.Title, StringComparison.Ordinal);
        var summary = page.GetElementById("error-summary")!;
        Assert.True(summary.HasAttribute("autofocus"));
        Assert.False(summary.HasAttribute("hidden"));

        // Summary in page order, each linking to its field; the list item's error links to the first date box.
        Assert.Equal(["#f-firstSessionDate", "#f-endTime", "#f-skipDates"], summary.QuerySelectorAll("li a").Select(a => a.GetAttribute("href")));
        var firstSkip = page.QuerySelector<IHtmlInputElement>("#f-skipDates")!;
        Assert.Equal(("skipDates-0", "date", "2027-03-09"), (firstSkip.Name, firstSkip.Type, firstSkip.Value));
        Assert.Equal("A week with no session must fall within the course.", page.GetElementById("skipDates-error")!.QuerySelector("[data-error-text]")!.TextContent);
        var end = page.QuerySelector<IHtmlInputElement>("#f-endTime")!;
        Assert.Equal(("endTime", "time", "09:00", "endTime-error", "true"), (end.Name, end.Type, end.Value, end.GetAttribute("aria-describedby"), end.GetAttribute("aria-invalid")));
        Assert.Equal("The course must end after it starts.", page.GetElementById("endTime-error")!.QuerySelector("[data-error-text]")!.TextContent);
        Assert.Equal("55.50", page.QuerySelector<IHtmlInputElement>("#f-price")!.Value);
        Assert.Equal("BabyYoga", page.QuerySelector<IHtmlSelectElement>("#f-kind")!.Value);
        HostileHtml.AssertOnlyText(result.Content!, FreePlaceFixtures.Hostile);
    }

    [Fact]
    public async Task Editing_shows_the_course_as_stored_and_saving_reports_families_promoted_from_the_waitlist()
    {
        using var edit = Parse(await Function().ConsoleEditCourse(owner.Get("/api/console/courses/baby-massage-jan/edit"), course.Id, CancellationToken.None));
        Assert.Equal("10", edit.QuerySelector<IHtmlInputElement>("input[name=capacity][type=number]")!.Value);
        Assert.Null(edit.QuerySelector("input[name=requestKey]"));

        management.Setup(m => m.UpdateAsync(course.Id, It.IsAny<CourseDetails>(), It.IsAny<CancellationToken>())).ReturnsAsync(new CourseChangeOutcome.Updated(course, 2));
        var save = owner.Post("/api/console/courses/baby-massage-jan/edit", TypedCourse("Baby Massage"));
        await Function().ConsoleUpdateCourse(save, course.Id, CancellationToken.None);
        Assert.Equal("/api/console/courses/baby-massage-jan?done=updated&n=2", SignedIn.Location(save));

        using var shown = Parse(await Function().ConsoleCourse(owner.Get("/api/console/courses/baby-massage-jan?done=updated&n=2"), course.Id, CancellationToken.None));
        Assert.Equal("Your changes are saved. 2 families on the waitlist now have a place and are being emailed.", shown.QuerySelector(".flash[role=status]")!.TextContent);
    }

    [Theory]
    [InlineData(1, "Your changes are saved. 1 family on the waitlist is being offered a place by email.")]
    [InlineData(3, "Your changes are saved. 3 families on the waitlist are being offered a place by email.")]
    public async Task Saving_reports_families_offered_a_place_from_the_waitlist(int offered, string note)
    {
        management.Setup(m => m.UpdateAsync(course.Id, It.IsAny<CourseDetails>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CourseChangeOutcome.Updated(course, 0) { OfferedToWaitlist = offered });
        var save = owner.Post("/api/console/courses/baby-massage-jan/edit", TypedCourse("Baby Massage"));
        await Function().ConsoleUpdateCourse(save, course.Id, CancellationToken.None);
        Assert.Equal($"/api/console/courses/baby-massage-jan?done=offered&n={offered}", SignedIn.Location(save));

        using var shown = Parse(await Function().ConsoleCourse(owner.Get(SignedIn.Location(save)!), course.Id, CancellationToken.None));
        Assert.Equal(note, shown.QuerySelector(".flash[role=status]")!.TextContent);
    }

    [Fact]
    public async Task A_capacity_below_the_places_taken_is_explained_and_the_typed_values_stay()
    {
        management.Setup(m => m.UpdateAsync(course.Id, It.IsAny<CourseDetails>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CourseChangeOutcome.Invalid(new Dictionary<string, string[]> { ["capacity"] = ["5 places are already taken, so the course needs at least 5 places."] }));

        var result = Assert.IsType<ContentResult>(await Function().ConsoleUpdateCourse(owner.Post("/api/console/courses/baby-massage-jan/edit", TypedCourse("Baby Massage")), course.Id, CancellationToken.None));
        using var page = Parse(result);

        Assert.Equal(422, result.StatusCode);
        Assert.Equal("5 places are already taken, so the course needs at least 5 places.", page.QuerySelector("#error-summary li a[href='#f-capacity']")!.TextContent);
        Assert.Equal("8", page.QuerySelector<IHtmlInputElement>("#f-capacity")!.Value);
        Assert.Equal("/api/console/courses/baby-massage-jan/edit", page.QuerySelector("main form[method=post]:not([action$='/sign-out'])")!.GetAttribute("action"));
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
        using var page = Parse(await Function().ConsoleConfirmCancelCourse(owner.Get("/api/console/courses/baby-massage-jan/cancel"), course.Id, CancellationToken.None));

        Assert.Equal("We'll email 7 families to tell them: 4 booked places, 1 free place, 2 families on the waitlist.", page.QuerySelector(".card.status p")!.TextContent);
        var message = page.QuerySelector<IHtmlTextAreaElement>("textarea#f-message")!;
        Assert.Equal(("message", "1000", "message-hint"), (message.Name, message.GetAttribute("maxlength"), message.GetAttribute("aria-describedby")));
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
        using var page = Parse(result);

        Assert.Equal(404, result.StatusCode);
        Assert.Equal("We couldn't find that course", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("/api/console/courses", page.QuerySelector("main p a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Hostile_text_in_every_field_of_every_course_page_is_shown_as_text()
    {
        var hostile = HostileHtml.AllInOne;
        var nasty = course with
        {
            Title = hostile + "title",
            Venue = hostile + "venue",
            VenueAddress = hostile + "address",
            Description = hostile + "description",
            BabyAge = course.BabyAge with { Description = hostile + "ages" },
        };
        var layout = ConsoleTestSupport.Page();
        var pages = new CoursePages(layout, owner.Clock);
        var request = owner.Get("/api/console/courses");
        var typed = CourseForm.FromForm(TypedCourse(hostile + "typed").ToDictionary(f => f.Item1, f => hostile + f.Item1));
        var errors = CourseFormFields.FieldOrder.ToDictionary(f => f, f => new[] { hostile + "error-" + f });

        var list = await pages.ListAsync(request, owner.Session, [nasty]);
        var detail = await pages.CourseAsync(request, owner.Session, nasty, problem: hostile + "problem");
        var cancel = await pages.ConfirmCancelAsync(request, owner.Session, nasty, hostile + "message", hostile + "problem");
        var form = await new CourseFormPage(layout).RenderAsync(request, owner.Session, null, typed with { RequestKey = hostile + "key" }, errors, hostile + "summary");

        HostileHtml.AssertOnlyText(list.Content!, hostile + "title", hostile + "venue");
        HostileHtml.AssertOnlyText(detail.Content!, hostile + "title", hostile + "venue", hostile + "address", hostile + "description", hostile + "ages", hostile + "problem");
        HostileHtml.AssertOnlyText(cancel.Content!, hostile + "title", hostile + "venue", hostile + "message", hostile + "problem");
        HostileHtml.AssertOnlyText(
            form.Content!,
            [hostile + "summary", hostile + "key", .. CourseFormFields.FieldOrder.Where(f => f is not (CourseFormFields.SkipDates or CourseFormFields.Kind or CourseFormFields.PayAnotherWayAllowed)).Select(f => hostile + f), .. errors.Values.Select(e => e[0])]);
        using var page = HostileHtml.Parse(form.Content!);
        Assert.Equal(hostile + CourseFormFields.SkipDateField(0), page.QuerySelector<IHtmlInputElement>("#f-skipDates")!.Value);
        Assert.Null(page.QuerySelector("#f-kind option[selected]"));
    }
}
