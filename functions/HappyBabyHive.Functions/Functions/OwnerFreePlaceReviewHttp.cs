using HappyBabyHive.Configuration;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Http;
using HappyBabyHive.OwnerConsole;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Functions;

/// <summary>
/// The link in the owner's "new free-place request" email. It opens once: GET only shows a button (email security
/// scanners open links, and must not use it up); the button's POST records the link's use, signs the owner in on
/// this device (a recent sign-in, so the family's note shows at once) and sends her to the console's page for the
/// request, where she decides. Opened again, the link only points her to the console.
/// </summary>
public sealed class OwnerFreePlaceReviewHttp(
    ReviewLinkGate gate,
    ConsoleSessions sessions,
    OwnerAddresses owners,
    FreePlaceReviewPage page,
    IOptions<BusinessOptions> business)
{
    [Function(nameof(ShowFreePlaceReview))]
    public async Task<IActionResult> ShowFreePlaceReview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = FreePlaceReviewLinks.Route)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var token = request.Query[FreePlaceReviewLinks.TokenParameter].ToString();
        var (status, check) = await gate.CheckAsync(token, cancellationToken);
        return await AnswerAsync(request.HttpContext.Response, status, check, async () => await page.OpenAsync(request.HttpContext.Response, token));
    }

    [Function(nameof(OpenFreePlaceReview))]
    public async Task<IActionResult> OpenFreePlaceReview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = FreePlaceReviewLinks.Route)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var response = request.HttpContext.Response;
        if (SameSiteCheck.IsCrossSite(request, business.Value.PublicBaseUrl))
        {
            return await page.CrossSiteAsync(response);
        }

        // The shared bounded reader (16 KB, like every form): never ReadFormAsync, which throws on hostile bodies.
        var (form, problem) = await FormBody.ReadAsync(request, cancellationToken);
        if (form is null)
        {
            return await page.MessageAsync(response, "Please use the button on the page", problem!, StatusCodes.Status400BadRequest);
        }

        var (status, check, requestId) = await gate.UseAsync(form.GetValueOrDefault(FreePlaceReviewLinks.TokenParameter), cancellationToken);
        return await AnswerAsync(response, status, check, async () =>
        {
            // The link went to the business's address (Business:OwnerEmail): that owner is signed in, if she may use
            // the console at all; otherwise the console asks whoever this is to sign in as usual.
            if (owners.IsOwner(business.Value.OwnerEmail))
            {
                await sessions.SignInAsync(request, business.Value.OwnerEmail, cancellationToken);
            }

            return ConsoleGuard.SeeOther(request, ConsolePaths.FreePlaceRequest(request, requestId!));
        });
    }

    private async Task<IActionResult> AnswerAsync(HttpResponse response, ReviewLinkStatus status, Links.LinkCheck check, Func<Task<IActionResult>> usable) => status switch
    {
        ReviewLinkStatus.Usable => await usable(),
        ReviewLinkStatus.AlreadyUsed => await page.LinkUsedAsync(response),
        _ => await page.BadLinkAsync(response, check),
    };
}
