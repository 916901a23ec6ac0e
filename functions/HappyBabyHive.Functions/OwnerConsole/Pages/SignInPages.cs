using System.Globalization;
using HappyBabyHive.Http;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.OwnerConsole.SignIn;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using static HappyBabyHive.Web.HtmlPage;

namespace HappyBabyHive.OwnerConsole.Pages;

/// <summary>The pages of signing in: ask for a link, "check your email", the page the link opens, and what can go wrong.</summary>
public sealed class SignInPages(ConsolePage page, IOptions<OwnerConsoleOptions> options)
{
    public const string Title = "Sign in to your console";

    private int LinkMinutes => (int)Math.Round(options.Value.SignInLinkLifetime.TotalMinutes);

    public ContentResult Form(HttpRequest request, string? email = null, string? error = null, string? notice = null, int statusCode = StatusCodes.Status200OK)
    {
        var errorHtml = error is null
            ? string.Empty
            : $"""
              <div class="error-summary" id="error-summary" tabindex="-1" aria-labelledby="error-summary-title" autofocus>
              <h2 id="error-summary-title">There is a problem</h2>
              <ul><li><a href="#email">{H(error)}</a></li></ul>
              </div>
              """;
        var noticeHtml = notice is null ? string.Empty : $"<div class=\"flash\" role=\"status\"><p>{H(notice)}</p></div>";
        var body = $"""
            {noticeHtml}{errorHtml}
            <p>Type your email address and we'll email you a link that signs you in on this phone or computer. There's no password to remember.</p>
            <form method="post" action="{H(ConsolePaths.SignIn(request))}" novalidate>
            <div class="field{(error is null ? string.Empty : " invalid")}">
            <label for="email">Your email address</label>
            {(error is null ? string.Empty : $"<p class=\"error\" id=\"email-error\"><span class=\"visually-hidden\">Error: </span>{H(error)}</p>")}
            <input id="email" name="email" type="email" autocomplete="email" inputmode="email" spellcheck="false" required value="{H(email)}"{(error is null ? string.Empty : " aria-invalid=\"true\" aria-describedby=\"email-error\"")}>
            </div>
            <button type="submit">Email me a sign-in link</button>
            </form>
            """;
        return page.Render(request, null, ConsoleSection.None, Title, body, statusCode, error is null ? null : "Error: " + Title);
    }

    /// <summary>The same page whether or not the address is an owner's, so the page never tells who the owners are.</summary>
    public ContentResult CheckYourEmail(HttpRequest request) => page.Render(
        request,
        null,
        ConsoleSection.None,
        "Check your email",
        $"""
        <div class="card status" role="status">
        <p>If that address belongs to the owner, we've just emailed it a sign-in link.</p>
        </div>
        <p>Open the email on this phone or computer and press the link, then press <strong>Sign in</strong>. The link works once, for {LinkMinutes.ToString(CultureInfo.InvariantCulture)} minutes.</p>
        <p>Nothing after a few minutes? Check your junk or spam folder, then <a href="{H(ConsolePaths.SignIn(request))}">try again</a>, checking the address carefully.</p>
        """);

    /// <summary>The page the emailed link opens: opening it changes nothing (email scanners open links); the button signs in.</summary>
    public ContentResult Landing(HttpRequest request, string token) => page.Render(
        request,
        null,
        ConsoleSection.None,
        "Sign in",
        $"""
        <p>Press the button to sign in to your console on this device.</p>
        <form method="post" action="{H(ConsolePaths.Base(request))}/sign-in/link">
        <input type="hidden" name="{OwnerSignInLinks.TokenParameter}" value="{H(token)}">
        <button type="submit">Sign in</button>
        </form>
        """);

    public ContentResult LinkProblem(HttpRequest request, SignInLinkStatus status)
    {
        var again = $"<p><a class=\"button\" href=\"{H(ConsolePaths.SignIn(request))}\">Email me a new link</a></p>";
        return status switch
        {
            SignInLinkStatus.Expired => page.Render(
                request, null, ConsoleSection.None, "This sign-in link has expired",
                $"<p>For safety, sign-in links only work for {LinkMinutes.ToString(CultureInfo.InvariantCulture)} minutes. You haven't been signed in.</p>" + again,
                StatusCodes.Status410Gone),
            SignInLinkStatus.AlreadyUsed => page.Render(
                request, null, ConsoleSection.None, "This sign-in link has already been used",
                $"<p>Each link works once. If you've just signed in on this device, <a href=\"{H(ConsolePaths.Dashboard(request))}\">go to your console</a>. Otherwise, ask for a new link.</p>" + again,
                StatusCodes.Status409Conflict),
            _ => page.Render(
                request, null, ConsoleSection.None, "This sign-in link doesn't work",
                "<p>The link may have been cut short or changed, perhaps by an email program wrapping a long line, or it may be from before the sign-in links were renewed. You haven't been signed in.</p>" + again,
                StatusCodes.Status400BadRequest),
        };
    }

    public ContentResult TooManyAttempts(HttpRequest request, TimeSpan retryAfter)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalMinutes));
        TryAgain.SetRetryAfter(request.HttpContext.Response, retryAfter);
        return page.Render(
            request, null, ConsoleSection.None, "Please wait a little",
            $"<p>There have been a lot of sign-in attempts. Please wait {minutes.ToString(CultureInfo.InvariantCulture)} {(minutes == 1 ? "minute" : "minutes")} and try again. If you asked for a link a moment ago, it is on its way: check your email.</p>",
            StatusCodes.Status429TooManyRequests);
    }

    public ContentResult CrossSite(HttpRequest request) => page.Render(
        request, null, ConsoleSection.None, "That didn't come from the sign-in page",
        $"<p>For safety, you can only sign in with the buttons on this site. <a href=\"{H(ConsolePaths.SignIn(request))}\">Start again</a>.</p>",
        StatusCodes.Status403Forbidden);
}
