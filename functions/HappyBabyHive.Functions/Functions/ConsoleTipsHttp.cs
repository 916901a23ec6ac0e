using HappyBabyHive.OwnerConsole.Pages;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.WellbeingTips;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>The weekly tip in the console: see this week's and the next, read the next as its email, and send this week's now.</summary>
public sealed class ConsoleTipsHttp(ConsoleGuard guard, ITipPublisher publisher, TipsEmails emails, TipsPage page)
{
    [Function(nameof(ConsoleTips))]
    public Task<IActionResult> ConsoleTips(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/tips")] HttpRequest request,
        CancellationToken cancellationToken) =>
        guard.SignedInAsync(request, async session => await page.RenderAsync(request, session, await publisher.PreviewAsync(cancellationToken)));

    [Function(nameof(ConsolePreviewTip))]
    public Task<IActionResult> ConsolePreviewTip(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/tips/preview")] HttpRequest request,
        CancellationToken cancellationToken) =>
        guard.SignedInAsync(request, async _ =>
        {
            var preview = await publisher.PreviewAsync(cancellationToken);
            var email = await emails.PreviewAsync(TipPublication.Create(preview.NextWeek, preview.Next, cycle: 0, DateTimeOffset.UnixEpoch));
            return TipsPage.Email(request.HttpContext.Response, email);
        });

    [Function(nameof(ConsolePublishTip))]
    public Task<IActionResult> ConsolePublishTip(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/tips/publish")] HttpRequest request,
        CancellationToken cancellationToken) =>
        guard.PostedAsync(request, async _ => ConsoleGuard.SeeOther(
            request,
            $"{TipsPage.Url(request)}?{TipsPage.DoneParameter}={(await publisher.PublishNowAsync(cancellationToken) is PublishNowOutcome.Published ? "published" : "already")}"),
            cancellationToken);
}
