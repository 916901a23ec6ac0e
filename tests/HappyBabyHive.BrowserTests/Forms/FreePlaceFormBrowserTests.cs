using HappyBabyHive.BrowserTests.Support;
using HappyBabyHive.Courses;
using HappyBabyHive.FreePlaces;
using Microsoft.Playwright;
using static HappyBabyHive.BrowserTests.Support.FormPageChecks;

namespace HappyBabyHive.BrowserTests.Forms;

/// <summary>
/// A family asking for a free place through the form the website embeds, in headless Chromium against the app over
/// real HTTP: with and without JavaScript, by keyboard alone, inside a cross-origin iframe, with errors, and with a
/// double-click. The "we've received your request" email must arrive, once.
/// </summary>
[Collection(UsesApp.Name)]
public sealed class FreePlaceFormBrowserTests(AppOverHttp app)
{
    private const string Note = "My health visitor suggested I ask. Money is tight since I stopped work.";
    private const string ReceivedSubject = "We've received your request for a free place";

    private string FormUrl(Course? course = null) => FormPageChecks.FormUrl(app, "free-place", course);

    [Fact]
    public async Task A_family_asks_on_a_phone_and_the_received_email_arrives()
    {
        var course = await app.SeedCourseAsync(FreePlaceCourseTitle);
        var email = NewEmail();
        await using var context = await app.Browser.NewContextAsync(PageChecks.Phone());
        var page = await context.NewPageAsync();
        var consoleErrors = CollectConsoleErrors(page);

        await AssertSmallStrictPageAsync(await page.GotoAsync(FormUrl(course)));
        await Assertions.Expect(page.Locator($"input[value='{course.Id}']")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#consentToStore-hint")).ToContainTextAsync("any note you write is deleted 30 days after we've decided");
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await PageChecks.ScreenshotAsync(app, page, "free-place-form-phone.png");

        await FillAsync(page, course, email);
        await page.GetByRole(AriaRole.Button, new() { Name = FreePlaceFormButton }).ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Thank you for asking");
        await Assertions.Expect(page.Locator("#confirmation")).ToBeFocusedAsync();
        var reference = await page.Locator("[data-slot=reference]").InnerTextAsync();
        Assert.True(FreePlaceKeys.IsRequestId(reference), reference);
        await Assertions.Expect(page.Locator("[data-slot=course]")).ToHaveTextAsync("Baby massage: " + FreePlaceCourseTitle);
        await Assertions.Expect(page.Locator("#confirmation")).ToContainTextAsync("we'll email you within five working days");
        Assert.Equal(FormUrl(course), page.Url); // no reload: the script showed the result
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await PageChecks.ScreenshotAsync(app, page, "free-place-received-phone.png");

        var received = await app.Maildev.WaitForAsync(email, e => e.Subject == ReceivedSubject);
        Assert.Contains(reference, received.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Money is tight", received.Text, StringComparison.Ordinal);
        Assert.True(consoleErrors.Count == 0, string.Join(" | ", consoleErrors));
    }

    [Fact]
    public async Task The_form_on_a_desktop_screen()
    {
        var course = await app.SeedCourseAsync(FreePlaceCourseTitle);
        await using var context = await app.Browser.NewContextAsync(PageChecks.Desktop());
        var page = await context.NewPageAsync();

        await page.GotoAsync(FormUrl(course));

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Ask for a free place");
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await PageChecks.ScreenshotAsync(app, page, "free-place-form-desktop.png");
    }

    [Fact]
    public async Task A_double_click_sends_one_request_and_one_email()
    {
        var course = await app.SeedCourseAsync(FreePlaceCourseTitle);
        var email = NewEmail();
        await using var context = await app.Browser.NewContextAsync(PageChecks.Phone());
        var page = await context.NewPageAsync();
        var posts = CountPosts(page);
        await page.GotoAsync(FormUrl(course));
        await FillAsync(page, course, email);

        await page.GetByRole(AriaRole.Button, new() { Name = FreePlaceFormButton }).DblClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Thank you for asking");
        await app.Maildev.WaitForAsync(email, e => e.Subject == ReceivedSubject);
        await Task.Delay(1500);
        Assert.Equal(1, posts());
        Assert.Single(await app.Maildev.ToAsync(email));
    }

    [Fact]
    public async Task Errors_appear_by_their_fields_and_in_a_summary_that_takes_focus_and_nothing_typed_is_lost()
    {
        var course = await app.SeedCourseAsync(FreePlaceCourseTitle);
        await using var context = await app.Browser.NewContextAsync(PageChecks.Phone());
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
        await PageChecks.ScreenshotAsync(app, page, "free-place-errors-phone.png");

        await AssertSummaryLinkFocusesAsync(page, "Please tell us how you heard about us", "referralSource");
    }

    [Fact]
    public async Task The_form_works_with_JavaScript_switched_off()
    {
        var course = await app.SeedCourseAsync(FreePlaceCourseTitle);
        var email = NewEmail();
        await using var context = await app.Browser.NewContextAsync(PageChecks.Phone(javaScript: false));
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
        await FillAsync(page, course, email);
        await page.GetByRole(AriaRole.Button, new() { Name = FreePlaceFormButton }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Thank you for asking");
        var reference = await page.Locator("[data-slot=reference]").InnerTextAsync();

        // Refreshing the result re-posts the same idempotency key: the same request, not a second one.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-slot=reference]")).ToHaveTextAsync(reference);
        await app.Maildev.WaitForAsync(email, e => e.Subject == ReceivedSubject);
        await Task.Delay(1000);
        Assert.Single(await app.Maildev.ToAsync(email));
    }

    [Fact]
    public async Task The_server_rendered_error_and_result_pages_have_no_axe_violations()
    {
        var course = await app.SeedCourseAsync(FreePlaceCourseTitle);
        await using var context = await app.Browser.NewContextAsync(PageChecks.Phone());
        var page = await context.NewPageAsync();
        // Without forms.js the form posts as plain HTML, as with JavaScript off; axe itself still needs JavaScript.
        await page.RouteAsync("**/forms.js*", route => route.AbortAsync());
        await page.GotoAsync(FormUrl(course));

        await page.GetByRole(AriaRole.Button, new() { Name = FreePlaceFormButton }).ClickAsync();
        await Assertions.Expect(page).ToHaveTitleAsync(ErrorTitle());
        await PageChecks.AssertNoAxeViolationsAsync(page);

        await FillAsync(page, course, NewEmail());
        await page.GetByRole(AriaRole.Button, new() { Name = FreePlaceFormButton }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Thank you for asking");
        await PageChecks.AssertNoAxeViolationsAsync(page);
    }

    [Fact]
    public async Task A_family_can_ask_with_the_keyboard_alone()
    {
        var course = await app.SeedCourseAsync(FreePlaceCourseTitle);
        await using var context = await app.Browser.NewContextAsync(PageChecks.Desktop());
        var page = await context.NewPageAsync();
        await page.GotoAsync(FormUrl(course));

        await TabToAsync(page, $"input[value='{course.Id}']");
        await TabToAsync(page, "#f-parentName");
        await page.Keyboard.TypeAsync("Jo Bloggs");
        await TabToAsync(page, "#f-email");
        await page.Keyboard.TypeAsync(NewEmail());
        await TabToAsync(page, "#f-babyFirstName");
        await page.Keyboard.TypeAsync("Ada");
        await TabToAsync(page, "#f-babyDateOfBirth");
        var (typed, value) = SameDayAndMonthBirthday(course);
        await page.Keyboard.TypeAsync(typed);
        await Assertions.Expect(page.Locator("#f-babyDateOfBirth")).ToHaveValueAsync(value);
        // Arrow keys move within a radio group: the first arrow down picks the second choice.
        await TabToAsync(page, "#f-referralSource");
        await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(page.GetByLabel("My health visitor")).ToBeCheckedAsync();
        await TabToAsync(page, "#f-note");
        await page.Keyboard.TypeAsync("Thank you.");
        await TabToAsync(page, "#f-consentToStore");
        await page.Keyboard.PressAsync("Space");
        await SubmitByKeyboardAsync(page);

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Thank you for asking");
        await Assertions.Expect(page.Locator("#confirmation")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task The_form_works_inside_an_iframe_on_the_business_website_and_fits_its_height()
    {
        var course = await app.SeedCourseAsync(FreePlaceCourseTitle);
        var email = NewEmail();
        await using var website = await WebsiteStandIn.StartAsync(app.WebsitePort, new Uri(FormUrl(course)), app.Host.BaseAddress, "Ask for a free place");
        await using var context = await app.Browser.NewContextAsync(PageChecks.Phone());
        var page = await context.NewPageAsync();

        var (frame, iframe, formHeight) = await OpenEmbeddedAsync(app, page, "Ask for a free place", atLeast: 1000);

        await frame.GetByLabel("Your name").FillAsync("Jo Bloggs");
        await frame.GetByLabel("Email address").FillAsync(email);
        await frame.GetByLabel("Baby's first name").FillAsync("Ada");
        await frame.GetByLabel("Baby's date of birth").FillAsync(Dob(course));
        await frame.GetByLabel("Mind Hull and East Yorkshire").CheckAsync();
        await frame.GetByLabel("I'm happy for").CheckAsync();
        await frame.GetByRole(AriaRole.Button, new() { Name = FreePlaceFormButton }).ClickAsync();

        await Assertions.Expect(frame.Locator("h1")).ToHaveTextAsync("Thank you for asking");
        await app.Maildev.WaitForAsync(email, e => e.Subject == ReceivedSubject);
        await AssertFrameShrankAsync(iframe, formHeight);
    }

    private static async Task FillAsync(IPage page, Course course, string email)
    {
        await page.Locator($"input[value='{course.Id}']").CheckAsync();
        await page.GetByLabel("Your name").FillAsync("Jo Bloggs");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Baby's first name").FillAsync("Ada");
        await page.GetByLabel("Baby's date of birth").FillAsync(Dob(course));
        await page.GetByLabel("My health visitor").CheckAsync();
        await page.GetByLabel("Anything you'd like us to know (optional)").FillAsync(Note);
        await page.GetByLabel("I'm happy for").CheckAsync();
    }

    private const string FreePlaceFormButton = "Send my request";

    // Not the other tests' titles: the review test finds its course by title on a page listing every course.
    private const string FreePlaceCourseTitle = "Baby Massage in Cottingham";
}
