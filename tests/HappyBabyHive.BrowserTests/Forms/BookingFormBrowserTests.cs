using System.Globalization;
using HappyBabyHive.BrowserTests.Support;
using HappyBabyHive.Courses;
using HappyBabyHive.Time;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static HappyBabyHive.BrowserTests.Support.FormPageChecks;

namespace HappyBabyHive.BrowserTests.Forms;

/// <summary>
/// A parent booking through the form the website embeds, in headless Chromium against the App over real HTTP: with
/// and without JavaScript, by keyboard alone, inside a cross-origin iframe, with errors, and with a double-click.
/// </summary>
[Collection(UsesApp.Name)]
public sealed class BookingFormBrowserTests(AppOverHttp app) : WebsiteFormBrowserTests(app)
{
    protected override string Form => "booking";

    protected override string Heading => "Book a course";

    protected override string Button => "Book my place";

    protected override string ResultHeading => "You're booked";

    protected override string FrameTitle => "Book a baby massage or yoga course";

    protected override async Task<Course?> SeedAsync() => await App.SeedCourseAsync(BookingCourseTitle);

    protected override bool IsResultEmail(MaildevEmail email) => email.Subject.StartsWith("You're booked", StringComparison.Ordinal);

    protected override async Task AssertSubmittedOnceAsync(Course? course) => Assert.Equal(7, (await CourseAsync(course!.Id)).GeneralSpacesLeft);

    private string FormUrl(Course? course = null) => Url(course);

    [Fact]
    public async Task A_parent_books_on_a_phone_and_the_confirmation_email_arrives()
    {
        var course = await App.SeedCourseAsync(BookingCourseTitle);
        var email = NewEmail();
        await using var context = await App.Browser.NewContextAsync(PageChecks.Phone());
        var page = await context.NewPageAsync();
        var consoleErrors = CollectConsoleErrors(page);

        await AssertSmallStrictPageAsync(await page.GotoAsync(FormUrl(course)));
        var card = page.Locator("label.course-option", new() { Has = page.Locator($"input[value='{course.Id}']") });
        // The title already says "Baby Massage", so the card does not repeat the kind before it.
        await Assertions.Expect(card.Locator("[data-choice=course]")).ToHaveTextAsync("Gentle Baby Massage");
        await Assertions.Expect(card).ToContainTextAsync(ScheduleFor(course));
        await Assertions.Expect(card).ToContainTextAsync("The Hive Room, Cottingham · £60");
        await Assertions.Expect(card).ToContainTextAsync("8 places left");
        await Assertions.Expect(page.Locator($"input[value='{course.Id}']")).ToBeCheckedAsync();
        var terms = page.GetByRole(AriaRole.Link, new() { Name = "booking terms (opens in a new tab)" });
        await Assertions.Expect(terms).ToHaveAttributeAsync("href", AppOverHttp.TermsUrl);
        await Assertions.Expect(terms).ToHaveAttributeAsync("target", "_blank");
        await Assertions.Expect(terms).ToHaveAttributeAsync("rel", "noopener");
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await PageChecks.ScreenshotAsync(App, page, "booking-form-phone.png");

        await FillAsync(page.Locator("body"), course, email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Book my place" }).ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("You're booked");
        await Assertions.Expect(page.Locator("#confirmation")).ToBeFocusedAsync();
        var reference = await page.Locator("[data-slot=reference]").InnerTextAsync();
        Assert.Matches("^[A-Z0-9]{4}-[A-Z0-9]{4}$", reference);
        await Assertions.Expect(page.Locator("[data-slot=when]")).ToHaveTextAsync(ScheduleFor(course));
        Assert.Equal(FormUrl(course), page.Url); // no reload: the script showed the confirmation
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await PageChecks.ScreenshotAsync(App, page, "booking-confirmation-phone.png");

        var confirmation = await App.Maildev.WaitForAsync(email, e => e.Subject.StartsWith("You're booked", StringComparison.Ordinal));
        Assert.Contains(reference, confirmation.Text, StringComparison.Ordinal);
        Assert.True(consoleErrors.Count == 0, string.Join(" | ", consoleErrors));
    }

    [Fact]
    public async Task Errors_appear_by_their_fields_and_in_a_summary_that_takes_focus_and_nothing_typed_is_lost()
    {
        var course = await App.SeedCourseAsync(BookingCourseTitle);
        await using var context = await App.Browser.NewContextAsync(PageChecks.Phone());
        var page = await context.NewPageAsync();
        await page.GotoAsync(FormUrl(course));
        await page.GetByLabel("Your name").FillAsync("Sam <b>Smith</b>");
        await page.GetByLabel("Email address").FillAsync("not-an-email");

        await page.GetByRole(AriaRole.Button, new() { Name = "Book my place" }).ClickAsync();

        await AssertFieldErrorAsync(page, "email", "That doesn't look like an email address");
        await AssertFieldErrorAsync(page, "babyDateOfBirth", "Please give your baby's date of birth.");
        await Assertions.Expect(page.GetByLabel("Email address")).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("doesn't look like an email address"));
        await Assertions.Expect(page.GetByLabel("Your name")).ToHaveValueAsync("Sam <b>Smith</b>");
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await PageChecks.ScreenshotAsync(App, page, "booking-errors-phone.png");

        await AssertSummaryLinkFocusesAsync(page, "That doesn't look like an email address", "email");
    }

    [Fact]
    public async Task The_form_works_with_JavaScript_switched_off()
    {
        var course = await App.SeedCourseAsync(BookingCourseTitle);
        var email = NewEmail();
        await using var context = await App.Browser.NewContextAsync(PageChecks.Phone(javaScript: false));
        var page = await context.NewPageAsync();
        await page.GotoAsync(FormUrl(course));

        // First an error, rendered by the server, with everything typed kept and the summary focused.
        await page.GetByLabel("Your name").FillAsync("Sam Smith");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Book my place" }).ClickAsync();
        await Assertions.Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("^Error: Book a course"));
        await Assertions.Expect(page.Locator("#error-summary")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#babyFirstName-error")).ToContainTextAsync("Please tell us your baby's first name.");
        await Assertions.Expect(page.GetByLabel("Email address")).ToHaveValueAsync(email);
        await Assertions.Expect(page.Locator($"input[value='{course.Id}']")).ToBeCheckedAsync();

        // Then the rest, and the server's confirmation page.
        await FillAsync(page.Locator("body"), course, email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Book my place" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("You're booked");
        var reference = await page.Locator("[data-slot=reference]").InnerTextAsync();

        // Refreshing the confirmation re-posts the same idempotency key: the same booking, not a second one.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-slot=reference]")).ToHaveTextAsync(reference);
        await App.Maildev.WaitForAsync(email, e => e.Subject.StartsWith("You're booked", StringComparison.Ordinal));
        Assert.Equal(7, (await CourseAsync(course.Id)).GeneralSpacesLeft);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Opened_for_one_course_on_a_phone_the_first_field_is_near_the_top_and_a_different_course_is_one_press_away(bool javaScript)
    {
        var other = await App.SeedCourseAsync("Another Gentle Baby Massage");
        var course = await App.SeedCourseAsync(BookingCourseTitle);
        await using var context = await App.Browser.NewContextAsync(PageChecks.Phone(javaScript));
        var page = await context.NewPageAsync();
        await page.GotoAsync(FormUrl(course));

        // Only the chosen course is shown: the parent's first field is within the first screen and a half, not after
        // every course card (about 1,300 px of them before).
        var chosen = page.Locator($"input[value='{course.Id}']");
        await Assertions.Expect(chosen).ToBeCheckedAsync();
        await Assertions.Expect(chosen).ToBeVisibleAsync();
        var otherRadio = page.Locator($"input[value='{other.Id}']");
        await Assertions.Expect(otherRadio).ToBeHiddenAsync();
        var nameTop = (await page.GetByLabel("Your name").BoundingBoxAsync())!.Y;
        Assert.True(nameTop < 844 * 1.5, $"the first field starts at {nameTop}px");
        await AxeWhenScriptedAsync(page, javaScript);

        // "Choose a different course" reveals the rest without script, and choosing one replaces the first choice.
        var different = page.GetByText("Choose a different course");
        await different.ClickAsync();
        await Assertions.Expect(otherRadio).ToBeVisibleAsync();
        await otherRadio.CheckAsync();
        await Assertions.Expect(chosen).Not.ToBeCheckedAsync();
        await AxeWhenScriptedAsync(page, javaScript);
    }

    [Fact]
    public async Task Opened_without_a_course_the_list_is_collapsed_by_kind_and_a_group_opens_by_keyboard()
    {
        // Three or more courses, whatever else this run has added: a shorter list is shown open.
        await App.SeedCourseAsync(BookingCourseTitle);
        await App.SeedCourseAsync(BookingCourseTitle);
        var course = await App.SeedCourseAsync(BookingCourseTitle);
        await using var context = await App.Browser.NewContextAsync(PageChecks.Phone());
        var page = await context.NewPageAsync();
        await page.GotoAsync(FormUrl());

        var massage = page.Locator("details.course-group", new() { Has = page.Locator($"input[value='{course.Id}']") });
        await Assertions.Expect(massage.Locator("summary")).ToContainTextAsync("Baby massage");
        await Assertions.Expect(page.Locator($"input[value='{course.Id}']")).ToBeHiddenAsync();
        await PageChecks.AssertNoAxeViolationsAsync(page);

        await massage.Locator("summary").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator($"input[value='{course.Id}']")).ToBeVisibleAsync();
        await PageChecks.AssertNoAxeViolationsAsync(page);
    }

    // axe-core runs as page script, which a page with JavaScript switched off never runs.
    private static Task AxeWhenScriptedAsync(IPage page, bool javaScript) =>
        javaScript ? PageChecks.AssertNoAxeViolationsAsync(page) : Task.CompletedTask;

    private static string ScheduleFor(Course course) =>
        UkDateFormat.ScheduleSummary(course.Sessions.Select(s => (s.StartsUtc, s.EndsUtc)).ToList());

    protected override async Task FillAsync(ILocator form, Course? course, string email)
    {
        await form.Locator($"input[value='{course!.Id}']").CheckAsync();
        await form.GetByLabel("Your name").FillAsync("Sam Smith");
        await form.GetByLabel("Email address").FillAsync(email);
        await form.GetByLabel("Phone number (optional)").FillAsync("07700 900123");
        await form.GetByLabel("Baby's first name").FillAsync("Ada");
        await form.GetByLabel("Baby's date of birth").FillAsync(Dob(course));
        await form.GetByLabel("I accept the booking terms").CheckAsync();
    }

    protected override async Task TypeWithKeyboardAsync(IPage page, Course? course, string email)
    {
        await TabToAsync(page, $"input[value='{course!.Id}']");
        await TabToAsync(page, "#f-parentName");
        await page.Keyboard.TypeAsync("Sam Smith");
        await TabToAsync(page, "#f-email");
        await page.Keyboard.TypeAsync(email);
        await TabToAsync(page, "#f-babyFirstName");
        await page.Keyboard.TypeAsync("Ada");
        await TabToAsync(page, "#f-babyDateOfBirth");
        var (typed, value) = SameDayAndMonthBirthday(course);
        await page.Keyboard.TypeAsync(typed);
        await Assertions.Expect(page.Locator("#f-babyDateOfBirth")).ToHaveValueAsync(value);
        await TabToAsync(page, "#f-acceptTerms");
        await page.Keyboard.PressAsync("Space");
    }

    // Not the free-place tests' title: they find their course on a page listing every course in a shared Azurite.
    private const string BookingCourseTitle = "Gentle Baby Massage";

    private async Task<Course> CourseAsync(string id) =>
        (await App.Host.Services.GetRequiredService<ICourseStore>().FindAsync(id, CancellationToken.None))!;
}
