using HappyBabyHive.Http;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.OwnerConsole.SignIn;
using HappyBabyHive.Pages.Console;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.OwnerConsole.Pages;

/// <summary>The pages of signing in: ask for a link, "check your email", the page the link opens, and what can go wrong.</summary>
public sealed class SignInPages(ConsolePage page, IOptions<OwnerConsoleOptions> options)
{
    public const string Title = "Sign in to your console";

    private int LinkMinutes => (int)Math.Round(options.Value.SignInLinkLifetime.TotalMinutes);

    public Task<ContentResult> FormAsync(HttpRequest request, string? email = null, string? error = null, string? notice = null, int statusCode = StatusCodes.Status200OK) =>
        page.RenderAsync<SignInForm>(
            request, null, ConsoleSection.None, Title, new SignInFormModel(ConsolePaths.SignIn(request), email, error, notice), statusCode, error is null ? null : "Error: " + Title);

    /// <summary>The same page whether or not the address is an owner's, so the page never tells who the owners are.</summary>
    public Task<ContentResult> CheckYourEmailAsync(HttpRequest request) =>
        page.NoticeAsync(request, null, "Check your email", NoticeKind.CheckYourEmail, StatusCodes.Status200OK, LinkMinutes);

    /// <summary>The page the emailed link opens: opening it changes nothing (email scanners open links); the button signs in.</summary>
    public Task<ContentResult> LandingAsync(HttpRequest request, string token) =>
        page.RenderAsync<SignInLanding>(
            request, null, ConsoleSection.None, "Sign in", new SignInLandingModel(ConsolePaths.Base(request) + "/sign-in/link", OwnerSignInLinks.TokenParameter, token));

    public Task<ContentResult> LinkProblemAsync(HttpRequest request, SignInLinkStatus status) => status switch
    {
        SignInLinkStatus.Expired => page.NoticeAsync(request, null, "This sign-in link has expired", NoticeKind.LinkExpired, StatusCodes.Status410Gone, LinkMinutes),
        SignInLinkStatus.AlreadyUsed => page.NoticeAsync(request, null, "This sign-in link has already been used", NoticeKind.LinkAlreadyUsed, StatusCodes.Status409Conflict),
        _ => page.NoticeAsync(request, null, "This sign-in link doesn't work", NoticeKind.LinkBroken, StatusCodes.Status400BadRequest),
    };

    public Task<ContentResult> TooManyAttemptsAsync(HttpRequest request, TimeSpan retryAfter)
    {
        TryAgain.SetRetryAfter(request.HttpContext.Response, retryAfter);
        return page.NoticeAsync(
            request, null, "Please wait a little", NoticeKind.TooManyAttempts, StatusCodes.Status429TooManyRequests, Math.Max(1, (int)Math.Ceiling(retryAfter.TotalMinutes)));
    }

    public Task<ContentResult> CrossSiteAsync(HttpRequest request) =>
        page.NoticeAsync(request, null, "That didn't come from the sign-in page", NoticeKind.SignInCrossSite, StatusCodes.Status403Forbidden);
}
