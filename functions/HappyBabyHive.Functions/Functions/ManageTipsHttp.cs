using HappyBabyHive.Http;
using HappyBabyHive.Time;
using HappyBabyHive.WellbeingTips;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>
/// The weekly tip in the admin API (function keys): read the next tip (with its email) and publish this week's now.
/// Unlike running the Monday timer by hand (which only publishes at 08:00 UK on a Monday), publishing here answers
/// plainly: 202 when it went out now, 409 naming the tip when this week's had already gone.
/// </summary>
public sealed class ManageTipsHttp(ITipPublisher publisher, TipsEmails emails)
{
    [Function(nameof(GetNextTip))]
    public async Task<IActionResult> GetNextTip(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "manage/tips/next")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var preview = await publisher.PreviewAsync(cancellationToken);
        var email = await emails.PreviewAsync(TipPublication.Create(preview.NextWeek, preview.Next, cycle: 0, DateTimeOffset.UnixEpoch));
        return new OkObjectResult(NextTipResponse.From(preview, email));
    }

    [Function(nameof(PublishTipNow))]
    public async Task<IActionResult> PublishTipNow(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "manage/tips/publish")] HttpRequest request,
        CancellationToken cancellationToken) =>
        await publisher.PublishNowAsync(cancellationToken) switch
        {
            PublishNowOutcome.Published published => new AcceptedResult((string?)null, PublishedTipResponse.From(published.Week)),
            var already => Problems.Conflict(
                "tip-already-published",
                "This week's tip has already gone out.",
                $"Week {already.Week.Week} had \"{already.Week.Tip.Title}\", published on {UkDateFormat.DayAndDate(already.Week.Tip.PublishedUtc)} at {UkDateFormat.Clock(already.Week.Tip.PublishedUtc)}. " +
                "Only one tip goes out each week; the next goes out on Monday at 08:00."),
        };
}
