using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using HappyBabyHive.Links;
using HappyBabyHive.BrowserTests.Support;
using HappyBabyHive.Courses;
using HappyBabyHive.WellbeingTips;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static HappyBabyHive.BrowserTests.Support.FormPageChecks;

namespace HappyBabyHive.BrowserTests.Forms;

/// <summary>
/// A parent signing up for the weekly tips through the form the website embeds, then confirming and unsubscribing
/// on the pages the emails link to, in headless Chromium against the App over real HTTP.
/// </summary>
[Collection(UsesApp.Name)]
public sealed partial class TipsFormBrowserTests(AppOverHttp app) : WebsiteFormBrowserTests(app)
{
    private const string ConfirmSubject = "Please confirm your weekly wellbeing tips";
    private const string ConsentLabel = "Yes, please email me a wellbeing tip every Monday";

    protected override string Form => "tips";

    protected override string Heading => "Weekly wellbeing tips";

    protected override string Button => "Send me the tips";

    protected override string ResultHeading => "Check your inbox";

    protected override string FrameTitle => "Sign up for weekly wellbeing tips";

    protected override double FormHeightAtLeast => 600;

    protected override bool IsResultEmail(MaildevEmail email) => email.Subject.StartsWith(ConfirmSubject, StringComparison.Ordinal);

    private string FormUrl() => Url(null);

    [Fact]
    public async Task A_parent_signs_up_on_a_phone_and_the_confirm_email_arrives()
    {
        var email = NewEmail();
        await using var context = await App.Browser.NewContextAsync(PageChecks.Phone());
        var page = await context.NewPageAsync();
        var consoleErrors = CollectConsoleErrors(page);

        await AssertSmallStrictPageAsync(await page.GotoAsync(FormUrl()));
        await Assertions.Expect(page.GetByLabel(ConsentLabel)).ToHaveAccessibleNameAsync(ConsentWording.Text);
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await PageChecks.ScreenshotAsync(App, page, "tips-form-phone.png");

        await FillAsync(page.Locator("body"), null, email);
        await page.GetByRole(AriaRole.Button, new() { Name = Button }).ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Check your inbox");
        await Assertions.Expect(page.Locator("#confirmation")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("[data-slot=message]")).ToHaveTextAsync(HappyBabyHive.Functions.PublicSubscriptionsHttp.AcceptedMessage);
        Assert.Equal(FormUrl(), page.Url); // no reload: the script showed the result
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await PageChecks.ScreenshotAsync(App, page, "tips-check-inbox-phone.png");

        var confirm = await App.Maildev.WaitForAsync(email, e => e.Subject.StartsWith(ConfirmSubject, StringComparison.Ordinal));
        Assert.Matches(ConfirmLink(), confirm.Text!);
        Assert.True(consoleErrors.Count == 0, string.Join(" | ", consoleErrors));
    }

    [Fact]
    public async Task Errors_appear_by_their_fields_and_in_a_summary_that_takes_focus_and_nothing_typed_is_lost()
    {
        await using var context = await App.Browser.NewContextAsync(PageChecks.Phone());
        var page = await context.NewPageAsync();
        await page.GotoAsync(FormUrl());
        await page.GetByLabel("Your first name (optional)").FillAsync("Sam <b>");
        await page.GetByLabel("Email address").FillAsync("not-an-email");

        await page.GetByRole(AriaRole.Button, new() { Name = Button }).ClickAsync();

        await AssertFieldErrorAsync(page, "email", "That doesn't look like an email address");
        await AssertFieldErrorAsync(page, "consent", "Please tick the box to say you'd like the weekly tips.");
        await Assertions.Expect(page.GetByLabel("Your first name (optional)")).ToHaveValueAsync("Sam <b>");
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await PageChecks.ScreenshotAsync(App, page, "tips-errors-phone.png");

        await AssertSummaryLinkFocusesAsync(page, "Please tick the box to say you'd like the weekly tips.", "consent");
    }

    [Fact]
    public async Task The_form_works_with_JavaScript_switched_off()
    {
        var email = NewEmail();
        await using var context = await App.Browser.NewContextAsync(PageChecks.Phone(javaScript: false));
        var page = await context.NewPageAsync();
        await page.GotoAsync(FormUrl());

        await page.GetByLabel("Your first name (optional)").FillAsync("Sam");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = Button }).ClickAsync();
        await Assertions.Expect(page).ToHaveTitleAsync(new Regex("^Error: Weekly wellbeing tips"));
        await Assertions.Expect(page.Locator("#error-summary")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#consent-error")).ToContainTextAsync("Please tick the box");
        await Assertions.Expect(page.GetByLabel("Your first name (optional)")).ToHaveValueAsync("Sam");
        await Assertions.Expect(page.GetByLabel("Email address")).ToHaveValueAsync(email);

        await page.GetByLabel(ConsentLabel).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = Button }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Check your inbox");
        await App.Maildev.WaitForAsync(email, e => e.Subject.StartsWith(ConfirmSubject, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_confirm_and_unsubscribe_pages_look_like_the_forms_and_have_no_axe_violations()
    {
        var email = NewEmail();
        using var http = App.Host.CreateClient();
        var response = await http.PostAsJsonAsync("subscriptions", new { email, firstName = "Sam", consent = true });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var confirmEmail = await App.Maildev.WaitForAsync(email, e => e.Subject.StartsWith(ConfirmSubject, StringComparison.Ordinal));
        await using var context = await App.Browser.NewContextAsync(PageChecks.Phone());
        var page = await context.NewPageAsync();

        // Confirm: the link opens a card with a button; the button confirms.
        await page.GotoAsync(ConfirmLink().Match(confirmEmail.Text!).Value);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Confirm your weekly tips");
        await Assertions.Expect(page.Locator("section.card h2")).ToHaveTextAsync("One more step");
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await PageChecks.ScreenshotAsync(App, page, "tips-confirm-phone.png");
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, send me the weekly tips" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("You're subscribed");
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await PageChecks.ScreenshotAsync(App, page, "tips-subscribed-phone.png");

        // Unsubscribe, from the link every tip email carries (keyed with the app's own hasher: the browser host has its own signing key).
        var unsubscribe = App.Host.Services.GetRequiredService<SubscriptionLinks>().UnsubscribeUrl(SubscriberKeys.For(App.Host.Services.GetRequiredService<PersonalDataHasher>(), email));
        await page.GotoAsync(unsubscribe);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Unsubscribe from weekly tips");
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Unsubscribe" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("You've unsubscribed");
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await PageChecks.ScreenshotAsync(App, page, "tips-unsubscribed-phone.png");

        // A link cut short: a problem card that says what to do.
        await page.GotoAsync(unsubscribe[..^6]);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("This link doesn't look right");
        await Assertions.Expect(page.Locator("section.card.problem h2")).ToHaveTextAsync("What you can do");
        await PageChecks.AssertNoAxeViolationsAsync(page);
    }

    protected override async Task FillAsync(ILocator form, Course? course, string email)
    {
        await form.GetByLabel("Your first name (optional)").FillAsync("Sam");
        await form.GetByLabel("Email address").FillAsync(email);
        await form.GetByLabel(ConsentLabel).CheckAsync();
    }

    protected override async Task TypeWithKeyboardAsync(IPage page, Course? course, string email)
    {
        await TabToAsync(page, "#f-firstName");
        await page.Keyboard.TypeAsync("Sam");
        await TabToAsync(page, "#f-email");
        await page.Keyboard.TypeAsync(email);
        await TabToAsync(page, "#f-consent");
        await page.Keyboard.PressAsync("Space");
    }

    [GeneratedRegex(@"https?://\S+/api/subscriptions/confirm\?token=[^\s""<>]+")]
    private static partial Regex ConfirmLink();
}
