using System.Globalization;
using System.Text.RegularExpressions;
using HappyBabyHive.Courses;
using Microsoft.Playwright;

namespace HappyBabyHive.BrowserTests.Support;

/// <summary>What the website forms' browser tests share: addresses, filling in, keyboard moves, and the checks every form must pass.</summary>
public static partial class FormPageChecks
{
    public static string FormUrl(AppOverHttp app, string form, Course? course = null) =>
        new Uri(app.Host.ApiBaseAddress, "forms/" + form + (course is null ? string.Empty : "?course=" + course.Id)).AbsoluteUri;

    public static string NewEmail() => $"parent-{Guid.NewGuid():N}@example.co.uk";

    /// <summary>A baby ten weeks old at the first session: the right age for the seeded course.</summary>
    public static string Dob(Course course) =>
        course.FirstSessionUkDate.AddDays(-70).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// A birthday the right age for the course whose day and month are the same number, so typing it is the same
    /// whether the date field is day-first or month-first (the field's order follows the browser's locale).
    /// </summary>
    public static (string Typed, string Value) SameDayAndMonthBirthday(Course course)
    {
        var dob = Enumerable.Range(42, 160).Select(d => course.FirstSessionUkDate.AddDays(-d)).First(d => d.Day == d.Month);
        return (dob.ToString("ddMMyyyy", CultureInfo.InvariantCulture), dob.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    /// <summary>The page as it answered: 200, under the strict script policy, and under 100 KB.</summary>
    public static async Task AssertSmallStrictPageAsync(IResponse? response)
    {
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.Contains("script-src 'self'", response.Headers["content-security-policy"], StringComparison.Ordinal);
        Assert.True((await response.BodyAsync()).Length < 100 * 1024, "the page is under 100 KB");
    }

    /// <summary>Counts the page's POSTs, to prove a double-click sends one.</summary>
    public static Func<int> CountPosts(IPage page)
    {
        var posts = 0;
        page.Request += (_, request) =>
        {
            if (request.Method == "POST")
            {
                Interlocked.Increment(ref posts);
            }
        };
        return () => Volatile.Read(ref posts);
    }

    public static List<string> CollectConsoleErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        return errors;
    }

    /// <summary>The summary has focus and lists the message; the field shows it, is marked invalid and is described by it.</summary>
    public static async Task AssertFieldErrorAsync(IPage page, string field, string message)
    {
        await Assertions.Expect(page.Locator("#error-summary")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#error-summary")).ToContainTextAsync(message);
        await Assertions.Expect(page.Locator($"#{field}-error")).ToContainTextAsync(message);
        var control = page.Locator($"#f-{field}");
        await Assertions.Expect(control).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page).ToHaveTitleAsync(ErrorTitle());
    }

    /// <summary>The summary's link for the message takes the parent to the field.</summary>
    public static async Task AssertSummaryLinkFocusesAsync(IPage page, string message, string field)
    {
        await page.Locator("#error-summary").GetByRole(AriaRole.Link, new() { Name = message }).ClickAsync();
        await Assertions.Expect(page.Locator($"#f-{field}")).ToBeFocusedAsync();
    }

    public static async Task TabToAsync(IPage page, string selector)
    {
        for (var i = 0; i < 40; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement === document.querySelector(s)", selector))
            {
                return;
            }
        }

        Assert.Fail($"Tab never reached {selector}.");
    }

    /// <summary>Tabs to the submit button, checks focus is visible there, and presses Enter.</summary>
    public static async Task SubmitByKeyboardAsync(IPage page)
    {
        await TabToAsync(page, "button[type=submit]");
        Assert.Equal("solid", await page.EvaluateAsync<string>("getComputedStyle(document.activeElement).outlineStyle"));
        await page.Keyboard.PressAsync("Enter");
    }

    /// <summary>
    /// Opens the website stand-in with the form in its iframe, waits until the form's height message has fitted the
    /// frame to the content (no scrollbar inside a scrollbar), and returns the frame and that height.
    /// </summary>
    public static async Task<(IFrameLocator Frame, ILocator Iframe, double Height)> OpenEmbeddedAsync(AppOverHttp app, IPage page, string heading, double atLeast)
    {
        await page.GotoAsync(app.WebsiteOrigin + "/");
        var frame = page.FrameLocator("#" + WebsiteStandIn.FrameId);
        await Assertions.Expect(frame.Locator("h1")).ToHaveTextAsync(heading);
        var iframe = page.Locator("#" + WebsiteStandIn.FrameId);
        var height = await PollAsync(() => HeightAsync(iframe), h => h > atLeast);
        Assert.Equal(await frame.Locator("html").EvaluateAsync<double>("e => Math.ceil(e.getBoundingClientRect().height)"), height, 1.0);
        return (frame, iframe, height);
    }

    /// <summary>The result is shorter than the form: the website's snippet shrank the frame to fit.</summary>
    public static async Task AssertFrameShrankAsync(ILocator iframe, double formHeight) =>
        await PollAsync(() => HeightAsync(iframe), h => h < formHeight);

    private static async Task<double> HeightAsync(ILocator iframe) => (await iframe.BoundingBoxAsync())!.Height;

    private static async Task<double> PollAsync(Func<Task<double>> read, Func<double, bool> until)
    {
        var value = 0d;
        for (var i = 0; i < 50; i++)
        {
            value = await read();
            if (until(value))
            {
                return value;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"The value never got there; last {value}.");
        return value;
    }

    [GeneratedRegex("^Error: ")]
    public static partial Regex ErrorTitle();
}
