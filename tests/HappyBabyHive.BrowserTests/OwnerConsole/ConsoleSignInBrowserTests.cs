using System.Net;
using System.Text;
using HappyBabyHive.BrowserTests.Support;
using HappyBabyHive.Links;
using HappyBabyHive.OwnerConsole;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.OwnerConsole.SignIn;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;

namespace HappyBabyHive.BrowserTests.OwnerConsole;

/// <summary>
/// Signing in to the owner's console in headless Chromium over real HTTP, with the link taken from maildev, and every
/// way in that must be refused: no session, a tampered or expired cookie, a reused or expired link, a POST without
/// the CSRF token, and an address that isn't an owner's (same page, no email).
/// </summary>
[Collection(UsesApp.Name)]
public sealed class ConsoleSignInBrowserTests(AppOverHttp app)
{
    [Fact]
    public async Task The_owner_signs_in_with_the_emailed_link_on_her_phone_and_signs_out()
    {
        await using var context = await app.Browser.NewContextAsync(PageChecks.Phone());
        var page = await context.NewPageAsync();

        var refused = await page.GotoAsync(ConsoleSignIn.ConsoleUrl(app).AbsoluteUri);
        Assert.EndsWith("/console/sign-in", page.Url, StringComparison.Ordinal);
        Assert.Equal(200, refused!.Status);
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await PageChecks.ScreenshotAsync(app, page, "console-sign-in-phone.png");

        var link = await ConsoleSignIn.RequestLinkAsync(app, page, app.OwnerEmail);
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await PageChecks.ScreenshotAsync(app, page, "console-check-email-phone.png");

        // Opening the link (as an email scanner would) signs nobody in: it shows a button.
        var opened = await page.GotoAsync(link);
        Assert.Equal(200, opened!.Status);
        Assert.Empty(await context.CookiesAsync());
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Your console");

        // Chromium keeps a Secure cookie from http://127.0.0.1 (a loopback address is a secure context), so the
        // production cookie attributes work unchanged in the local runner.
        var cookie = Assert.Single(await context.CookiesAsync());
        Assert.Equal(OwnerSessionCookie.Name, cookie.Name);
        Assert.True(cookie.HttpOnly);
        Assert.True(cookie.Secure);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal("/api/console", cookie.Path);
        // The cookie lives as long as the session's absolute lifetime (7 days); the stored session also ends after 12 idle hours.
        Assert.InRange(DateTimeOffset.FromUnixTimeSeconds((long)cookie.Expires).Subtract(DateTimeOffset.UtcNow).TotalDays, 6.9, 7.1);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.GetByText("You've signed out.")).ToBeVisibleAsync();
        Assert.Empty(await context.CookiesAsync());
        await page.GotoAsync(ConsoleSignIn.ConsoleUrl(app).AbsoluteUri);
        Assert.EndsWith("/console/sign-in", page.Url, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/courses")]
    [InlineData("/courses/new")]
    [InlineData("/courses/any-course")]
    [InlineData("/courses/any-course/register")]
    [InlineData("/courses/any-course/register/csv")]
    [InlineData("/settings")]
    public async Task Without_a_session_every_page_redirects_to_sign_in_and_shows_nothing(string path)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        var response = await http.GetAsync(ConsoleSignIn.ConsoleUrl(app, path));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/api/console/sign-in", response.Headers.Location!.OriginalString);
        Assert.Empty(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_tampered_cookie_is_refused_and_removed()
    {
        await using var context = await app.Browser.NewContextAsync(PageChecks.Phone());
        var page = await context.NewPageAsync();
        await ConsoleSignIn.SignInAsync(app, page);
        var genuine = Assert.Single(await context.CookiesAsync());
        var at = genuine.Value.Length / 3;
        await context.ClearCookiesAsync();
        await context.AddCookiesAsync([CookieLike(genuine, genuine.Value[..at] + (genuine.Value[at] == 'A' ? 'B' : 'A') + genuine.Value[(at + 1)..])]);

        await page.GotoAsync(ConsoleSignIn.ConsoleUrl(app, "/courses").AbsoluteUri);

        Assert.EndsWith("/console/sign-in", page.Url, StringComparison.Ordinal);
        Assert.Empty(await context.CookiesAsync());
    }

    [Fact]
    public async Task An_expired_cookie_is_refused()
    {
        // A session made with the app's own key, as if issued 31 days ago.
        var services = app.Host.Services;
        var longAgo = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-31));
        var signer = new OwnerSessionCookie(services.GetRequiredService<IOptions<LinkOptions>>(), services.GetRequiredService<OwnerAddresses>(), longAgo);
        var request = new Microsoft.AspNetCore.Http.DefaultHttpContext().Request;
        request.Path = "/api/console/sign-in/link";
        var issued = longAgo.GetUtcNow();
        signer.Issue(request, new HappyBabyHive.OwnerConsole.SignIn.OwnerSessionRecord(
            signer.OwnerKey(app.OwnerEmail), "0123456789abcdef0123456789abcdef", "Chromium on Linux", issued, issued, issued, issued.AddDays(7)));
        var value = request.HttpContext.Response.Headers.SetCookie.ToString().Split(';')[0].Split('=', 2)[1];
        Assert.Equal(SessionCheck.Expired, services.GetRequiredService<OwnerSessionCookie>().Verify(value).Check);

        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        using var message = new HttpRequestMessage(HttpMethod.Get, ConsoleSignIn.ConsoleUrl(app));
        message.Headers.Add("Cookie", $"{OwnerSessionCookie.Name}={value}");
        var response = await http.SendAsync(message);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/api/console/sign-in", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_link_works_once()
    {
        await using var context = await app.Browser.NewContextAsync(PageChecks.Phone());
        var page = await context.NewPageAsync();
        var link = await ConsoleSignIn.RequestLinkAsync(app, page, app.OwnerEmail);
        await page.GotoAsync(link);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Your console");

        // Another device with the same link, whether it opens it afresh or presses a button it had open already.
        await using var other = await app.Browser.NewContextAsync(PageChecks.Desktop());
        var laptop = await other.NewPageAsync();
        var reopened = await laptop.GotoAsync(link);
        Assert.Equal(409, reopened!.Status);
        await Assertions.Expect(laptop.Locator("h1")).ToHaveTextAsync("This sign-in link has already been used");
        await PageChecks.AssertNoAxeViolationsAsync(laptop);

        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var token = new Uri(link).Query["?token=".Length..];
        var posted = await http.PostAsync(link, new FormUrlEncodedContent([KeyValuePair.Create("token", Uri.UnescapeDataString(token))]));
        Assert.Equal(HttpStatusCode.Conflict, posted.StatusCode);
        Assert.False(posted.Headers.Contains("Set-Cookie"));
        Assert.Empty(await other.CookiesAsync());
    }

    [Fact]
    public async Task An_expired_link_is_refused()
    {
        await using var context = await app.Browser.NewContextAsync(PageChecks.Phone());
        var page = await context.NewPageAsync();
        var link = await ConsoleSignIn.RequestLinkAsync(app, page, app.OwnerEmail);

        // The same attempt, signed as it would have been 16 minutes ago: its 15 minutes are up.
        var token = Uri.UnescapeDataString(new Uri(link).Query["?token=".Length..]);
        var linkId = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[0])).Split('\n')[1];
        var signedEarlier = new LinkSigner(app.Host.Services.GetRequiredService<IOptions<LinkOptions>>(), new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-16)), SigningKeyUse.OwnerSignInLinks)
            .Sign(OwnerSignInLinks.Purpose, linkId, TimeSpan.FromMinutes(15));
        var expired = link[..(link.IndexOf("token=", StringComparison.Ordinal) + "token=".Length)] + Uri.EscapeDataString(signedEarlier);

        var opened = await page.GotoAsync(expired);

        Assert.Equal(410, opened!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("This sign-in link has expired");
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).CountAsync());
        await PageChecks.AssertNoAxeViolationsAsync(page);
        Assert.Empty(await context.CookiesAsync());
    }

    [Fact]
    public async Task A_changed_link_is_refused()
    {
        await using var context = await app.Browser.NewContextAsync(PageChecks.Phone());
        var page = await context.NewPageAsync();
        var link = await ConsoleSignIn.RequestLinkAsync(app, page, app.OwnerEmail);
        var at = link.IndexOf("token=", StringComparison.Ordinal) + "token=".Length + 10;

        var opened = await page.GotoAsync(link[..at] + (link[at] == 'A' ? 'B' : 'A') + link[(at + 1)..]);

        Assert.Equal(400, opened!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("This sign-in link doesn't work");
    }

    [Fact]
    public async Task A_stranger_gets_the_same_page_as_the_owner_and_is_sent_nothing()
    {
        var stranger = $"not-the-owner-{Guid.NewGuid():N}@example.co.uk";
        await using var context = await app.Browser.NewContextAsync(PageChecks.Phone());
        var page = await context.NewPageAsync();

        await page.GotoAsync(ConsoleSignIn.ConsoleUrl(app, "/sign-in").AbsoluteUri);
        await page.GetByLabel("Your email address").FillAsync(stranger);
        var strangerResponse = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Email me a sign-in link" }).ClickAsync(),
            r => r.Request.Method == "POST");
        var strangerPage = await page.Locator("main").InnerHTMLAsync();

        await ConsoleSignIn.RequestLinkAsync(app, page, app.OwnerEmail);
        var ownerPage = await page.Locator("main").InnerHTMLAsync();

        Assert.Equal(200, strangerResponse.Status);
        Assert.Equal(ownerPage, strangerPage);

        // The owner's email (sent after the stranger's request) has arrived, so the stranger's would have too.
        await app.Maildev.WaitForAsync(app.OwnerEmail, e => e.Subject.StartsWith(ConsoleSignIn.LinkSubject, StringComparison.Ordinal));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Empty(await app.Maildev.ToAsync(stranger));
    }

    [Fact]
    public async Task A_post_without_the_csrf_token_is_refused()
    {
        await using var context = await app.Browser.NewContextAsync(PageChecks.Phone());
        var page = await context.NewPageAsync();
        await ConsoleSignIn.SignInAsync(app, page);

        // The sign-out form, from the page itself, with its token removed: the browser sends the session cookie
        // (same origin), so only the missing token stops it.
        await page.EvalOnSelectorAsync("form[action$='/sign-out'] input[name=csrf]", "input => input.remove()");
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync(),
            r => r.Request.Method == "POST");

        Assert.Equal(403, response.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("That didn't come from your console");
        await PageChecks.AssertNoAxeViolationsAsync(page);
        Assert.Single(await context.CookiesAsync()); // still signed in: nothing changed
    }

    private static Microsoft.Playwright.Cookie CookieLike(BrowserContextCookiesResult original, string value) => new()
    {
        Name = original.Name,
        Value = value,
        Domain = original.Domain,
        Path = original.Path,
        Secure = original.Secure,
        HttpOnly = original.HttpOnly,
        SameSite = original.SameSite,
        Expires = original.Expires,
    };
}
