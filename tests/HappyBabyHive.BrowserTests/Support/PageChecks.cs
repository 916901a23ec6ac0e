using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace HappyBabyHive.BrowserTests.Support;

public static class PageChecks
{
    /// <summary>Every axe-core rule (WCAG 2.0–2.2 A/AA and best practice): zero violations.</summary>
    public static async Task AssertNoAxeViolationsAsync(IPage page)
    {
        var result = await page.RunAxe();

        Assert.NotEmpty(result.Passes); // axe really ran under the page's strict CSP
        Assert.True(result.Violations.Length == 0, string.Join("; ", result.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Html))})")));
    }

    /// <summary>
    /// Saves a full-page screenshot in the test output, or into docs/screenshots for the README when
    /// HBH_UPDATE_SCREENSHOTS=1.
    /// </summary>
    public static async Task ScreenshotAsync(AppOverHttp app, IPage page, string name)
    {
        var directory = Environment.GetEnvironmentVariable("HBH_UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(app.RepositoryRootPath, "docs", "screenshots")
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name), FullPage = true });
    }

    public static BrowserNewContextOptions Phone(bool javaScript = true) => new()
    {
        ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        DeviceScaleFactor = 2,
        IsMobile = true,
        HasTouch = true,
        Locale = "en-GB",
        JavaScriptEnabled = javaScript,
    };

    public static BrowserNewContextOptions Desktop() => new()
    {
        ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        Locale = "en-GB",
    };
}
