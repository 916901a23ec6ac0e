using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace HappyBabyHive.BrowserTests.Support;

public static class PageChecks
{
    /// <summary>Every axe-core rule (WCAG 2.0–2.2 A/AA and best practice): zero violations.</summary>
    /// <remarks>
    /// axe-core runs as page script and waits on timers, which never fire where JavaScript is switched off, and
    /// Playwright's evaluate has no timeout of its own: on such a page RunAxe never returns (the checkout tests once
    /// stalled there). So a page without script fails at once, and axe is bounded, failing rather than hanging.
    /// </remarks>
    public static async Task AssertNoAxeViolationsAsync(IPage page)
    {
        Assert.True(
            await ScriptRunsAsync(page),
            $"axe-core can't run on {page.Url}: JavaScript is off in its context. Use AssertNoAxeViolationsOfAsync.");
        var result = await page.RunAxe().WaitAsync(AxeTimeout);

        Assert.NotEmpty(result.Passes); // axe really ran under the page's strict CSP
        Assert.True(result.Violations.Length == 0, string.Join("; ", result.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Html))})")));
    }

    /// <summary>
    /// axe on the page <paramref name="page"/> shows: on the page itself where script runs, otherwise on the same
    /// address opened in a scripted page of the same browser (for pages whose GET changes nothing, such as the
    /// checkout page and the checkout return pages), so a test without JavaScript still checks what it sees.
    /// </summary>
    public static async Task AssertNoAxeViolationsOfAsync(IPage page, bool javaScript)
    {
        if (javaScript)
        {
            await AssertNoAxeViolationsAsync(page);
            return;
        }

        await using var scripted = await page.Context.Browser!.NewContextAsync(Phone());
        var twin = await scripted.NewPageAsync();
        await twin.GotoAsync(page.Url);
        Assert.Equal(await page.TitleAsync(), await twin.TitleAsync());
        await AssertNoAxeViolationsAsync(twin);
    }

    private static readonly TimeSpan AxeTimeout = TimeSpan.FromSeconds(60);

    // With JavaScript off, evaluate still runs (in Playwright's utility world) but the page's timers never fire.
    private static async Task<bool> ScriptRunsAsync(IPage page)
    {
        try
        {
            return await page.EvaluateAsync<bool>("() => new Promise(resolve => setTimeout(() => resolve(true), 0))").WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            return false;
        }
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
