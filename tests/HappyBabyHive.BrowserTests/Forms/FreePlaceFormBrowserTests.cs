using HappyBabyHive.BrowserTests.Support;
using HappyBabyHive.Courses;
using HappyBabyHive.FreePlaces;
using Microsoft.Playwright;
using static HappyBabyHive.BrowserTests.Support.FormPageChecks;

namespace HappyBabyHive.BrowserTests.Forms;

/// <summary>
/// A family asking for a free place through the form the website embeds, in headless Chromium against the App over
/// real HTTP: with and without JavaScript, by keyboard alone, inside a cross-origin iframe, with errors, and with a
/// double-click. The "we've received your request" email must arrive, once.
/// </summary>
[Collection(UsesApp.Name)]
public sealed class FreePlaceFormBrowserTests(AppOverHttp app) : WebsiteFormBrowserTests(app)
{
    private const string Note = "My health visitor suggested I ask. Money is tight since I stopped work.";
    private const string ReceivedSubject = "We've received your request for a free place";

    protected override string Form => "free-place";

    protected override string Heading => "Ask for a free place";

    protected override string Button => FreePlaceFormButton;

    protected override string ResultHeading => "Thank you for asking";

    protected override string FrameTitle => "Ask for a free place";

    protected override async Task<Course?> SeedAsync() => await App.SeedCourseAsync(FreePlaceCourseTitle);

    protected override bool IsResultEmail(MaildevEmail email) => email.Subject == ReceivedSubject;

    private string FormUrl(Course? course = null) => Url(course);

    [Fact]
    public async Task A_family_asks_on_a_phone_and_the_received_email_arrives()
    {
        var course = await App.SeedCourseAsync(FreePlaceCourseTitle);
        var email = NewEmail();
        await using var context = await App.Browser.NewContextAsync(PageChecks.Phone());
        var page = await context.NewPageAsync();
        var consoleErrors = CollectConsoleErrors(page);

        await AssertSmallStrictPageAsync(await page.GotoAsync(FormUrl(course)));
        await Assertions.Expect(page.Locator($"input[value='{course.Id}']")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#consentToStore-hint")).ToContainTextAsync("any note you write is deleted 30 days after we've decided");
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await PageChecks.ScreenshotAsync(App, page, "free-place-form-phone.png");

        await FillAsync(page.Locator("body"), course, email);
        await page.GetByRole(AriaRole.Button, new() { Name = FreePlaceFormButton }).ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Thank you for asking");
        await Assertions.Expect(page.Locator("#confirmation")).ToBeFocusedAsync();
        var reference = await page.Locator("[data-slot=reference]").InnerTextAsync();
        Assert.True(FreePlaceRequestIds.IsValid(reference), reference);
        await Assertions.Expect(page.Locator("[data-slot=course]")).ToHaveTextAsync(FreePlaceCourseTitle);
        await Assertions.Expect(page.Locator("#confirmation")).ToContainTextAsync("will reply by email within five working days");
        Assert.Equal(FormUrl(course), page.Url); // no reload: the script showed the result
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await PageChecks.ScreenshotAsync(App, page, "free-place-received-phone.png");

        var received = await App.Maildev.WaitForAsync(email, e => e.Subject == ReceivedSubject);
        Assert.Contains(reference, received.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Money is tight", received.Text, StringComparison.Ordinal);
        Assert.True(consoleErrors.Count == 0, string.Join(" | ", consoleErrors));
    }

    [Fact]
    public async Task Errors_appear_by_their_fields_and_in_a_summary_that_takes_focus_and_nothing_typed_is_lost()
    {
        var course = await App.SeedCourseAsync(FreePlaceCourseTitle);
        await using var context = await App.Browser.NewContextAsync(PageChecks.Phone());
        var page = await context.NewPageAsync();
        await page.GotoAsync(FormUrl(course));
        await page.GetByLabel("Your name").FillAsync("Jo <b>Bloggs</b>");
        await page.GetByLabel("Email address").FillAsync("not-an-email");
        await page.GetByLabel("Anything you'd like us to know (optional)").FillAsync(Note);

        await page.GetByRole(AriaRole.Button, new() { Name = FreePlaceFormButton }).ClickAsync();

        await AssertFieldErrorAsync(page, "email", "That doesn't look like an email address");
        await AssertFieldErrorAsync(page, "referralSource", "Please tell us how you heard about us");
        await AssertFieldErrorAsync(page, "consentToStore", "Please agree to us keeping your request");
        await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "How did you hear about us?" })).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("Please tell us how you heard about us"));
        await Assertions.Expect(page.GetByLabel("Your name")).ToHaveValueAsync("Jo <b>Bloggs</b>");
        await Assertions.Expect(page.GetByLabel("Anything you'd like us to know (optional)")).ToHaveValueAsync(Note);
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await PageChecks.ScreenshotAsync(App, page, "free-place-errors-phone.png");

        await AssertSummaryLinkFocusesAsync(page, "Please tell us how you heard about us", "referralSource");
    }

    [Fact]
    public async Task The_form_works_with_JavaScript_switched_off()
    {
        var course = await App.SeedCourseAsync(FreePlaceCourseTitle);
        var email = NewEmail();
        await using var context = await App.Browser.NewContextAsync(PageChecks.Phone(javaScript: false));
        var page = await context.NewPageAsync();
        await page.GotoAsync(FormUrl(course));

        // First an error, rendered by the server, with everything typed kept and the summary focused.
        await page.GetByLabel("Your name").FillAsync("Jo Bloggs");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Anything you'd like us to know (optional)").FillAsync(Note);
        await page.GetByRole(AriaRole.Button, new() { Name = FreePlaceFormButton }).ClickAsync();
        await Assertions.Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("^Error: Ask for a free place"));
        await Assertions.Expect(page.Locator("#error-summary")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#babyFirstName-error")).ToContainTextAsync("Please tell us your baby's first name.");
        await Assertions.Expect(page.GetByLabel("Email address")).ToHaveValueAsync(email);
        await Assertions.Expect(page.GetByLabel("Anything you'd like us to know (optional)")).ToHaveValueAsync(Note);
        await Assertions.Expect(page.Locator($"input[value='{course.Id}']")).ToBeCheckedAsync();

        // Then the rest, and the server's result page.
        await FillAsync(page.Locator("body"), course, email);
        await page.GetByRole(AriaRole.Button, new() { Name = FreePlaceFormButton }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Thank you for asking");
        var reference = await page.Locator("[data-slot=reference]").InnerTextAsync();

        // Refreshing the result re-posts the same idempotency key: the same request, not a second one.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-slot=reference]")).ToHaveTextAsync(reference);
        await App.Maildev.WaitForAsync(email, e => e.Subject == ReceivedSubject);
        await Task.Delay(1000);
        Assert.Single(await App.Maildev.ToAsync(email));
    }

    protected override async Task FillAsync(ILocator form, Course? course, string email)
    {
        await form.Locator($"input[value='{course!.Id}']").CheckAsync();
        await form.GetByLabel("Your name").FillAsync("Jo Bloggs");
        await form.GetByLabel("Email address").FillAsync(email);
        await form.GetByLabel("Baby's first name").FillAsync("Ada");
        await form.GetByLabel("Baby's date of birth").FillAsync(Dob(course));
        await form.GetByLabel("My health visitor").CheckAsync();
        await form.GetByLabel("Anything you'd like us to know (optional)").FillAsync(Note);
        await form.GetByLabel("I'm happy for").CheckAsync();
    }

    protected override async Task TypeWithKeyboardAsync(IPage page, Course? course, string email)
    {
        await TabToAsync(page, $"input[value='{course!.Id}']");
        await TabToAsync(page, "#f-parentName");
        await page.Keyboard.TypeAsync("Jo Bloggs");
        await TabToAsync(page, "#f-email");
        await page.Keyboard.TypeAsync(email);
        await TabToAsync(page, "#f-babyFirstName");
        await page.Keyboard.TypeAsync("Ada");
        await TabToAsync(page, "#f-babyDateOfBirth");
        await page.Keyboard.TypeAsync(SameDayAndMonthBirthday(course).Typed);
        // Arrow keys move within a radio group: the first arrow down picks the second choice.
        await TabToAsync(page, "#f-referralSource");
        await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(page.GetByLabel("My health visitor")).ToBeCheckedAsync();
        await TabToAsync(page, "#f-note");
        await page.Keyboard.TypeAsync("Thank you.");
        await TabToAsync(page, "#f-consentToStore");
        await page.Keyboard.PressAsync("Space");
    }

    private const string FreePlaceFormButton = "Send my request";

    // Not the other tests' titles: the review test finds its course by title on a page listing every course.
    private const string FreePlaceCourseTitle = "Baby Massage in Cottingham";
}
