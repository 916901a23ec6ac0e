using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using HappyBabyHive.Bookings.Changes;
using HappyBabyHive.BrowserTests.Support;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Emails;
using HappyBabyHive.Email;
using HappyBabyHive.Outbox;
using HappyBabyHive.Pages.Emails;
using HappyBabyHive.Reminders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HappyBabyHive.BrowserTests.Emails;

/// <summary>
/// The HTML emails as a browser-based mail app (Gmail or Outlook on the web, Apple Mail's WebKit) lays them out: on the
/// narrowest phone nothing scrolls sideways, the text is readable (axe-core's WCAG A/AA rules, contrast included), and
/// the docs get a screenshot. The emails come from the app's own composer and renderer.
/// </summary>
[Collection(UsesApp.Name)]
public sealed class EmailBrowserTests(AppOverHttp app)
{
    [Theory]
    [InlineData(320)]
    [InlineData(390)]
    [InlineData(800)]
    public async Task The_booking_confirmation_fits_the_screen_and_passes_axe(int width)
    {
        var course = await app.SeedCourseAsync("Baby Massage for the Email Check");
        var composer = app.Host.Services.GetServices<IOutboxEmailComposer>().OfType<BookingEmailComposer>().Single();
        var family = new BookedFamily("K7M3-Q9XP", "Sam Parent", "sam@example.co.uk", "Ada", null, IsFreePlace: false, IsWaitlisted: false, WaitlistPosition: null);
        var email = await composer.ConfirmedAsync(family, course, Guid.NewGuid(), 10);

        await using var context = await PhoneOrDesktopAsync(width);
        var page = await OpenAsync(context, email.HtmlBody);

        await AssertFitsAndAccessibleAsync(page);
        if (width == 390)
        {
            await PageChecks.ScreenshotAsync(app, page, "email-booking-confirmation-phone.png");
        }
    }

    [Theory]
    [InlineData(320)]
    [InlineData(390)]
    public async Task The_session_reminder_fits_the_screen_and_passes_axe(int width)
    {
        var course = await app.SeedCourseAsync("Baby Massage for the Reminder Check");
        var composer = app.Host.Services.GetServices<IOutboxEmailComposer>().OfType<ReminderEmailComposer>().Single();
        var family = new BookedFamily("K7M3-Q9XP", "Sam Parent", "sam@example.co.uk", "Ada", course.FirstSessionUkDate.AddDays(-70), IsFreePlace: false, IsWaitlisted: false, WaitlistPosition: null);
        var email = await composer.ReminderAsync(family, course, sessionNumber: 1, Guid.NewGuid());

        await using var context = await PhoneOrDesktopAsync(width);
        var page = await OpenAsync(context, email.HtmlBody);

        await AssertFitsAndAccessibleAsync(page);
        if (width == 390)
        {
            await PageChecks.ScreenshotAsync(app, page, "email-session-reminder-phone.png");
        }
    }

    [Theory]
    [InlineData("place-offered")]
    [InlineData("offer-lapsed")]
    [InlineData("booking-cancelled")]
    public async Task The_waitlist_offer_emails_fit_a_small_phone_and_pass_axe(string template)
    {
        var course = await app.SeedCourseAsync("Baby Massage for the Offer Check");
        var composer = app.Host.Services.GetServices<IOutboxEmailComposer>().OfType<BookingChangeEmailComposer>().Single();
        var family = new BookedFamily("K7M3-Q9XP", "Sam Parent", "sam@example.co.uk", "Ada", null, IsFreePlace: false, IsWaitlisted: false, WaitlistPosition: null);
        var expires = course.FirstSessionStartsUtc.AddDays(-7);
        var email = template switch
        {
            "place-offered" => await composer.PlaceOfferedAsync(family with { Status = HappyBabyHive.Courses.BookingStatus.Offered, OfferExpiresUtc = expires }, course, expires, Guid.NewGuid()),
            "offer-lapsed" => await composer.OfferLapsedAsync(family with { CancellationReason = HappyBabyHive.Courses.CancellationReason.OfferLapsed }, course, Guid.NewGuid()),
            _ => await composer.CancelledAsync(family with { CancellationReason = HappyBabyHive.Courses.CancellationReason.ByFamily }, course, Guid.NewGuid()),
        };

        await using var context = await PhoneOrDesktopAsync(320);
        var page = await OpenAsync(context, email.HtmlBody);

        await AssertFitsAndAccessibleAsync(page);
        if (template == "place-offered")
        {
            await PageChecks.ScreenshotAsync(app, page, "email-place-offered-phone.png");
        }
    }

    [Fact]
    public async Task Every_block_with_long_unbroken_text_still_fits_a_small_phone()
    {
        var longWord = new string('x', 80);
        var link = new Uri("https://hive.example/api/subscriptions/confirm?token=" + new string('a', 200));
        var content = new EmailContent("The Happy Baby Hive", "Heading " + longWord,
        [
            new EmailParagraph("Hello " + longWord + ","),
            new EmailHeading(longWord),
            new EmailSection("Where", longWord),
            new EmailList([longWord, "Short item"]),
            new EmailHighlight("Your reference: " + longWord),
            new EmailHighlight(longWord, Label: "Try this week:"),
            new EmailButton("Confirm my weekly tips", link),
            new EmailSmallPrint("You're getting this because you asked for our weekly tips.", "Unsubscribe", link, "with one click at any time."),
        ], "Footer " + longWord);
        var email = await app.Host.Services.GetRequiredService<EmailRenderer>().RenderAsync(content);

        await using var context = await PhoneOrDesktopAsync(320);
        var page = await OpenAsync(context, email.Html);

        await AssertFitsAndAccessibleAsync(page);
    }

    private Task<IBrowserContext> PhoneOrDesktopAsync(int width) => app.Browser.NewContextAsync(new BrowserNewContextOptions
    {
        ViewportSize = new ViewportSize { Width = width, Height = 800 },
        DeviceScaleFactor = 2,
        Locale = "en-GB",
    });

    private static async Task<IPage> OpenAsync(IBrowserContext context, string html)
    {
        var page = await context.NewPageAsync();
        await page.SetContentAsync(html);
        return page;
    }

    private static async Task AssertFitsAndAccessibleAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        var (scrollWidth, viewport) = (widths[0], widths[1]);
        Assert.True(scrollWidth <= viewport, $"The email is {scrollWidth}px wide in a {viewport}px window: it scrolls sideways.");

        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        Assert.NotEmpty(result.Passes);
        Assert.True(result.Violations.Length == 0, string.Join("; ", result.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Html))})")));
    }
}
