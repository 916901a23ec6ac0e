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
    OwnerSessionCookie cookies,
    ConsoleGuard guard,
    SignInPages pages,
    IOptions<BusinessOptions> business)
{
    [Function(nameof(ConsoleSignIn))]
    public IActionResult ConsoleSignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/sign-in")] HttpRequest request)
    {
        if (cookies.Read(request).Session is not null)
        {
            return ConsoleGuard.SeeOther(request, ConsolePaths.Dashboard(request));
        }

        return pages.Form(request, notice: request.Query["signed-out"] == "1" ? "You've signed out." : null);
    }

    [Function(nameof(ConsoleRequestSignInLink))]
    public async Task<IActionResult> ConsoleRequestSignInLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/sign-in")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (SameSiteCheck.IsCrossSite(request, business.Value.PublicBaseUrl))
        {
            return pages.CrossSite(request);
        }

        var (form, problem) = await FormBody.ReadAsync(request, cancellationToken);
        if (form is null)
        {
            return pages.Form(request, error: problem, statusCode: StatusCodes.Status400BadRequest);
        }

        var email = form.GetValueOrDefault("email")?.Trim() ?? string.Empty;
        if (rateLimiter.TryAcquire(request, email) is { } retryAfter)
        {
            return pages.TooManyAttempts(request, retryAfter);
        }

        return await signIns.RequestLinkAsync(email, cancellationToken) switch
        {
            SignInRequestOutcome.Invalid invalid => pages.Form(request, email, invalid.Message, statusCode: StatusCodes.Status422UnprocessableEntity),
            _ => pages.CheckYourEmail(request),
        };
    }

    [Function(nameof(ConsoleSignInLink))]
    public async Task<IActionResult> ConsoleSignInLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = OwnerSignInLinks.Route)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var token = request.Query[OwnerSignInLinks.TokenParameter].ToString();
        var status = await signIns.CheckAsync(token, cancellationToken);
        return status == SignInLinkStatus.Usable ? pages.Landing(request, token) : pages.LinkProblem(request, status);
    }

    [Function(nameof(ConsoleUseSignInLink))]
    public async Task<IActionResult> ConsoleUseSignInLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = OwnerSignInLinks.Route)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (SameSiteCheck.IsCrossSite(request, business.Value.PublicBaseUrl))
        {
            return pages.CrossSite(request);
        }

        var (form, _) = await FormBody.ReadAsync(request, cancellationToken);
        var (status, ownerEmail) = await signIns.RedeemAsync(form?.GetValueOrDefault(OwnerSignInLinks.TokenParameter), cancellationToken);
        if (status != SignInLinkStatus.Usable || ownerEmail is null)
        {
            return pages.LinkProblem(request, status);
        }

        cookies.Issue(request, ownerEmail);
        return ConsoleGuard.SeeOther(request, ConsolePaths.Dashboard(request));
    }

    [Function(nameof(ConsoleSignOut))]
    public Task<IActionResult> ConsoleSignOut(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/sign-out")] HttpRequest request,
        CancellationToken cancellationToken) =>
        guard.PostedAsync(request, _ =>
        {
            OwnerSessionCookie.Clear(request);
            return Task.FromResult(ConsoleGuard.SeeOther(request, ConsolePaths.SignIn(request) + "?signed-out=1"));
        }, cancellationToken);
}
