using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace HappyBabyHive.BrowserTests.Support;

/// <summary>Signing in to the owner's console the way she does: ask for a link, take it from maildev, press Sign in.</summary>
public static partial class ConsoleSignIn
{
    public const string LinkSubject = "Your sign-in link for";

    public static Uri ConsoleUrl(AppOverHttp app, string path = "") => new(app.Host.ApiBaseAddress, "console" + path);

    /// <summary>Requests a link for <paramref name="email"/> in the page and returns the link from the email that arrives.</summary>
    public static async Task<string> RequestLinkAsync(AppOverHttp app, IPage page, string email)
    {
        var before = (await app.Maildev.ToAsync(email)).Select(e => e.Id).ToHashSet();
        await page.GotoAsync(ConsoleUrl(app, "/sign-in").AbsoluteUri);
        await page.GetByLabel("Your email address").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Email me a sign-in link" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Check your email");
        var message = await app.Maildev.WaitForAsync(email, e => !before.Contains(e.Id) && e.Subject.StartsWith(LinkSubject, StringComparison.Ordinal));
        return Link().Match(message.Text!).Value;
    }

    /// <summary>Signs in as the fixture's owner and returns on the console's home page.</summary>
    public static async Task SignInAsync(AppOverHttp app, IPage page)
    {
        var link = await RequestLinkAsync(app, page, app.OwnerEmail);
        await page.GotoAsync(link);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Your console");
    }

    [GeneratedRegex(@"http://\S+/console/sign-in/link\?token=[A-Za-z0-9_.%\-]+")]
    private static partial Regex Link();
}
