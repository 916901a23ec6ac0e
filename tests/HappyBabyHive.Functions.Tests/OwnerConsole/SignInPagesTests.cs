using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using HappyBabyHive.OwnerConsole;
using HappyBabyHive.OwnerConsole.Pages;
using HappyBabyHive.OwnerConsole.SignIn;
using HappyBabyHive.Pages.Console;
using HappyBabyHive.TestSupport;
using Microsoft.Extensions.Options;
using static HappyBabyHive.Tests.OwnerConsole.ConsoleTestSupport;

namespace HappyBabyHive.Tests.OwnerConsole;

/// <summary>The sign-in pages and the console's notices as a browser reads them.</summary>
public sealed class SignInPagesTests
{
    private static readonly string Hostile = HostileHtml.AllInOne;

    private readonly SignInPages pages = new(Page(), Options.Create(new OwnerConsoleOptions { SignInLinkLifetime = TimeSpan.FromMinutes(15) }));

    [Fact]
    public async Task The_form_keeps_what_was_typed_and_links_the_problem_to_the_field_with_no_navigation()
    {
        var request = Request("POST", "/api/console/sign-in");

        var result = await pages.FormAsync(request, Hostile + "email", Hostile + "error", Hostile + "notice", 422);
        using var page = Parse(result);

        Assert.Equal(422, result.StatusCode);
        HostileHtml.AssertOnlyText(result.Content!, Hostile + "email", Hostile + "error", Hostile + "notice");
        Assert.Null(page.QuerySelector(".console-bar"));
        Assert.StartsWith("Error: Sign in to your console", page.Title, StringComparison.Ordinal);
        Assert.Equal(Hostile + "error", page.QuerySelector("#error-summary a[href='#f-email']")!.TextContent);
        var email = page.QuerySelector<IHtmlInputElement>("form[action='/api/console/sign-in'] #f-email")!;
        Assert.Equal(("email", "email", Hostile + "email", "true"), (email.Name, email.Type, email.Value, email.GetAttribute("aria-invalid")));
        Assert.Equal("Your email address", page.QuerySelector("label[for=f-email]")!.TextContent);
        Assert.Equal(Hostile + "notice", page.QuerySelector(".flash[role=status]")!.TextContent);
        Assert.EndsWith("frame-ancestors 'none'", request.HttpContext.Response.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_a_link_opens_only_shows_a_button_that_posts_the_token()
    {
        using var page = Parse(await pages.LandingAsync(Request(path: "/api/console/sign-in/link"), Hostile + "token"));

        var form = page.QuerySelector<IHtmlFormElement>("main form")!;
        Assert.Equal(("post", "/api/console/sign-in/link"), (form.Method, form.GetAttribute("action")));
        Assert.Equal(Hostile + "token", form.QuerySelector<IHtmlInputElement>("input[type=hidden][name=token]")!.Value);
        Assert.Equal("Sign in", form.QuerySelector("button[type=submit]")!.TextContent);
    }

    [Theory]
    [InlineData(SignInLinkStatus.Expired, 410, "This sign-in link has expired", "15 minutes")]
    [InlineData(SignInLinkStatus.AlreadyUsed, 409, "This sign-in link has already been used", "works once")]
    [InlineData(SignInLinkStatus.Invalid, 400, "This sign-in link doesn't work", "cut short")]
    public async Task A_link_that_cannot_sign_in_says_why_and_offers_a_new_one(SignInLinkStatus status, int code, string heading, string says)
    {
        var result = await pages.LinkProblemAsync(Request(path: "/api/console/sign-in/link"), status);
        using var page = Parse(result);

        Assert.Equal(code, result.StatusCode);
        Assert.Equal(heading, page.QuerySelector("h1")!.TextContent);
        Assert.Contains(says, page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("/api/console/sign-in", page.QuerySelector("main a.button")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Too_many_attempts_says_how_long_to_wait_and_sets_Retry_After()
    {
        var request = Request("POST", "/api/console/sign-in");

        var result = await pages.TooManyAttemptsAsync(request, TimeSpan.FromSeconds(61));

        Assert.Equal(429, result.StatusCode);
        Assert.Equal("61", request.HttpContext.Response.Headers.RetryAfter.ToString());
        Assert.Contains("Please wait 2 minutes and try again.", Parse(result).QuerySelector("main > h1 + p")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_your_email_says_the_same_for_anyone_and_how_long_the_link_works()
    {
        using var page = Parse(await pages.CheckYourEmailAsync(Request("POST", "/api/console/sign-in")));

        Assert.Equal("If that address belongs to the owner, we've just emailed it a sign-in link.", page.QuerySelector(".card.status[role=status]")!.TextContent);
        Assert.Contains("for 15 minutes", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_form_is_explained_as_text()
    {
        var result = await Page().NoticeAsync(Request("POST"), null, "Something went wrong", NoticeKind.FormUnreadable, 400, text: Hostile);

        HostileHtml.AssertOnlyText(result.Content!, Hostile);
    }
}
