using HappyBabyHive.Configuration;
using HappyBabyHive.Http;
using HappyBabyHive.OwnerConsole.Pages;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.OwnerConsole.SignIn;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Functions;

/// <summary>
/// Signing in to the owner's console without a password: she types her address, gets a single-use link by email,
/// and the page the link opens has a Sign in button (GET never signs in: email scanners open links).
/// </summary>
public sealed class ConsoleSignInHttp(
    IOwnerSignInService signIns,
    SignInRateLimiter rateLimiter,
    ConsoleSessions sessions,
    ConsoleGuard guard,
    SignInPages pages,
    ConsolePage consolePage,
    IOptions<BusinessOptions> business)
{
    [Function(nameof(ConsoleSignIn))]
    public async Task<IActionResult> ConsoleSignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/sign-in")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if ((await sessions.ReadAsync(request, cancellationToken)).Session is not null)
        {
            return ConsoleGuard.SeeOther(request, ConsolePaths.Dashboard(request));
        }

        return await pages.FormAsync(request, notice: request.Query["signed-out"].ToString() switch
        {
            "1" => "You've signed out.",
            "everywhere" => "You've signed out on every device.",
            _ => null,
        });
    }

    [Function(nameof(ConsoleRequestSignInLink))]
    public async Task<IActionResult> ConsoleRequestSignInLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/sign-in")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (SameSiteCheck.IsCrossSite(request, business.Value.PublicBaseUrl))
        {
            return await pages.CrossSiteAsync(request);
        }

        var (form, problem) = await FormBody.ReadAsync(request, cancellationToken);
        if (form is null)
        {
            return await pages.FormAsync(request, error: problem, statusCode: StatusCodes.Status400BadRequest);
        }

        // The page always answers; only the email is limited, and only once the address is one (a typo costs nothing).
        var email = form.GetValueOrDefault("email")?.Trim() ?? string.Empty;
        if (SignInAddress.Problem(email) is null && await rateLimiter.TryAcquireAsync(request, email, cancellationToken) is { } retryAfter)
        {
            return await pages.TooManyAttemptsAsync(request, retryAfter);
        }

        return await signIns.RequestLinkAsync(email, cancellationToken) switch
        {
            SignInRequestOutcome.Invalid invalid => await pages.FormAsync(request, email, invalid.Message, statusCode: StatusCodes.Status422UnprocessableEntity),
            _ => await pages.CheckYourEmailAsync(request),
        };
    }

    [Function(nameof(ConsoleSignInLink))]
    public async Task<IActionResult> ConsoleSignInLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = OwnerSignInLinks.Route)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var token = request.Query[OwnerSignInLinks.TokenParameter].ToString();
        var status = await signIns.CheckAsync(token, cancellationToken);
        return status == SignInLinkStatus.Usable ? await pages.LandingAsync(request, token) : await pages.LinkProblemAsync(request, status);
    }

    [Function(nameof(ConsoleUseSignInLink))]
    public async Task<IActionResult> ConsoleUseSignInLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = OwnerSignInLinks.Route)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (SameSiteCheck.IsCrossSite(request, business.Value.PublicBaseUrl))
        {
            return await pages.CrossSiteAsync(request);
        }

        var (form, _) = await FormBody.ReadAsync(request, cancellationToken);
        var (status, ownerEmail) = await signIns.RedeemAsync(form?.GetValueOrDefault(OwnerSignInLinks.TokenParameter), cancellationToken);
        if (status != SignInLinkStatus.Usable || ownerEmail is null)
        {
            return await pages.LinkProblemAsync(request, status);
        }

        await sessions.SignInAsync(request, ownerEmail, cancellationToken);
        return ConsoleGuard.SeeOther(request, ConsolePaths.Dashboard(request));
    }

    [Function(nameof(ConsoleSignOut))]
    public Task<IActionResult> ConsoleSignOut(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/sign-out")] HttpRequest request,
        CancellationToken cancellationToken) =>
        guard.PostedAsync(request, async post =>
        {
            await sessions.SignOutAsync(request, post.Session, cancellationToken);
            return ConsoleGuard.SeeOther(request, ConsolePaths.SignIn(request) + "?signed-out=1");
        }, cancellationToken);

    /// <summary>Revokes every session of the owner (a lost phone), this one included.</summary>
    [Function(nameof(ConsoleSignOutEverywhere))]
    public Task<IActionResult> ConsoleSignOutEverywhere(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/sign-out-everywhere")] HttpRequest request,
        CancellationToken cancellationToken) =>
        guard.PostedAsync(request, async post =>
        {
            await sessions.SignOutEverywhereAsync(request, post.Session, cancellationToken);
            return ConsoleGuard.SeeOther(request, ConsolePaths.SignIn(request) + "?signed-out=everywhere");
        }, cancellationToken);

    /// <summary>
    /// "Confirm it's you" before a free-place note: emails the signed-in owner a fresh sign-in link through the usual
    /// sign-in service (and its limits); using it starts a session with a recent sign-in on this device.
    /// </summary>
    [Function(nameof(ConsoleConfirmSignIn))]
    public Task<IActionResult> ConsoleConfirmSignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/confirm-sign-in")] HttpRequest request,
        CancellationToken cancellationToken) =>
        guard.PostedAsync(request, async post =>
        {
            // Null once the session's owner is no longer one of the configured owners: nobody to send a link to.
            if (sessions.OwnerEmail(post.Session) is not { } email)
            {
                return ConsoleGuard.SeeOther(request, ConsolePaths.SignIn(request));
            }

            if (await rateLimiter.TryAcquireAsync(request, email, cancellationToken) is { } retryAfter)
            {
                return await pages.TooManyAttemptsAsync(request, retryAfter);
            }

            await signIns.RequestLinkAsync(email, cancellationToken);
            return await consolePage.ConfirmationSentAsync(request, post.Session);
        }, cancellationToken);
}
