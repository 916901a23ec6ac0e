using HappyBabyHive.BrowserTests.Support;
using HappyBabyHive.Courses;
using Microsoft.Playwright;
using static HappyBabyHive.BrowserTests.Support.FormPageChecks;

namespace HappyBabyHive.BrowserTests.Forms;

/// <summary>
/// What every website form must do, run for each form by its own test class: look right on a desktop, send one request
/// on a double-click, work as plain HTML posts (axe-clean error and result pages), work by keyboard alone, and work
/// inside an iframe on another origin, fitting its height. Each form says how to fill it in.
/// </summary>
public abstract class WebsiteFormBrowserTests(AppOverHttp app)
{
    protected AppOverHttp App { get; } = app;

    /// <summary>The form's route under forms/ and its screenshots' prefix.</summary>
    protected abstract string Form { get; }

    protected abstract string Heading { get; }

    protected abstract string Button { get; }

    protected abstract string ResultHeading { get; }

    /// <summary>The iframe's title on the website (what a screen reader announces for the frame).</summary>
    protected abstract string FrameTitle { get; }

    protected virtual double FormHeightAtLeast => 1000;

    /// <summary>The course the form is opened for (?course=), or null for a form without courses.</summary>
    protected virtual Task<Course?> SeedAsync() => Task.FromResult<Course?>(null);

    /// <summary>Fills in everything needed to succeed, within <paramref name="form"/> (a page's or an iframe's body).</summary>
    protected abstract Task FillAsync(ILocator form, Course? course, string email);

    /// <summary>Fills in everything with Tab, typing, Space and arrows only; the base class submits.</summary>
    protected abstract Task TypeWithKeyboardAsync(IPage page, Course? course, string email);

    /// <summary>The email a successful submission sends the parent.</summary>
    protected abstract bool IsResultEmail(MaildevEmail email);

    /// <summary>After a double-click: anything else that must have happened exactly once (e.g. one place taken).</summary>
    protected virtual Task AssertSubmittedOnceAsync(Course? course) => Task.CompletedTask;

    protected string Url(Course? course) => FormUrl(App, Form, course);

    protected Task SubmitAsync(ILocator form) => form.GetByRole(AriaRole.Button, new() { Name = Button }).ClickAsync();

    protected Task<MaildevEmail> ResultEmailAsync(string email) => App.Maildev.WaitForAsync(email, IsResultEmail);

    [Fact]
    public async Task The_form_on_a_desktop_screen()
    {
        var course = await SeedAsync();
        await using var context = await App.Browser.NewContextAsync(PageChecks.Desktop());
        var page = await context.NewPageAsync();

        await page.GotoAsync(Url(course));

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(Heading);
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await PageChecks.ScreenshotAsync(App, page, $"{Form}-form-desktop.png");
    }

    [Fact]
    public async Task A_double_click_on_submit_sends_one_request()
    {
        var course = await SeedAsync();
        var email = NewEmail();
        await using var context = await App.Browser.NewContextAsync(PageChecks.Phone());
        var page = await context.NewPageAsync();
        var posts = CountPosts(page);
        await page.GotoAsync(Url(course));
        await FillAsync(page.Locator("body"), course, email);

        await page.GetByRole(AriaRole.Button, new() { Name = Button }).DblClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(ResultHeading);
        await ResultEmailAsync(email);
        await Task.Delay(1500);
        Assert.Equal(1, posts());
        Assert.Single(await App.Maildev.ToAsync(email));
        await AssertSubmittedOnceAsync(course);
    }

    [Fact]
    public async Task The_server_rendered_error_and_result_pages_have_no_axe_violations()
    {
        var course = await SeedAsync();
        await using var context = await App.Browser.NewContextAsync(PageChecks.Phone());
        var page = await context.NewPageAsync();
        // Without forms.js the form posts as plain HTML, as with JavaScript off; axe itself still needs JavaScript.
        await page.RouteAsync("**/forms.js*", route => route.AbortAsync());
        await page.GotoAsync(Url(course));
        var body = page.Locator("body");

        await SubmitAsync(body);
        await Assertions.Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("^Error: " + Heading));
        await PageChecks.AssertNoAxeViolationsAsync(page);

        await FillAsync(body, course, NewEmail());
        await SubmitAsync(body);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(ResultHeading);
        await PageChecks.AssertNoAxeViolationsAsync(page);
    }

    [Fact]
    public async Task It_can_be_completed_with_the_keyboard_alone()
    {
        var course = await SeedAsync();
        await using var context = await App.Browser.NewContextAsync(PageChecks.Desktop());
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url(course));

        await TypeWithKeyboardAsync(page, course, NewEmail());
        await SubmitByKeyboardAsync(page);

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(ResultHeading);
        await Assertions.Expect(page.Locator("#confirmation")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task It_works_inside_an_iframe_on_the_business_website_and_fits_its_height()
    {
        var course = await SeedAsync();
        var email = NewEmail();
        await using var website = await WebsiteStandIn.StartAsync(App.WebsitePort, new Uri(Url(course)), App.Host.BaseAddress, FrameTitle);
        await using var context = await App.Browser.NewContextAsync(PageChecks.Phone());
        var page = await context.NewPageAsync();

        var (frame, iframe, formHeight) = await OpenEmbeddedAsync(App, page, Heading, FormHeightAtLeast);
        await FillAsync(frame.Locator("body"), course, email);
        await SubmitAsync(frame.Locator("body"));

        await Assertions.Expect(frame.Locator("h1")).ToHaveTextAsync(ResultHeading);
        await ResultEmailAsync(email);
        await AssertFrameShrankAsync(iframe, formHeight);
    }
}
