using System.Globalization;
using HappyBabyHive.Http;
using HappyBabyHive.WellbeingTips;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>Published wellbeing tips for the website: this week's, and the archive (newest first, paged).</summary>
public sealed class PublicTipsHttp(ITipArchive archive, Cors cors)
{
    public const int DefaultPageSize = 10;

    // Tips change once a week, so browsers and CDNs may keep them a few minutes.
    private const string CacheControl = "public, max-age=300";

    [Function(nameof(GetCurrentTip))]
    public async Task<IActionResult> GetCurrentTip(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = "tips/current")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (Cors.IsPreflight(request))
        {
            return cors.Preflight(request);
        }

        cors.Apply(request);
        var current = await archive.CurrentAsync(cancellationToken);
        if (current is null)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "no-tip-yet", "No tip has been published yet.", "The first weekly tip appears on a Monday at 08:00 UK time.");
        }

        request.HttpContext.Response.Headers.CacheControl = CacheControl;
        return new OkObjectResult(current);
    }

    [Function(nameof(ListTips))]
    public async Task<IActionResult> ListTips(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = "tips")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (Cors.IsPreflight(request))
        {
            return cors.Preflight(request);
        }

        cors.Apply(request);
        var pageSize = DefaultPageSize;
        var sizeText = request.Query["pageSize"].ToString();
        if (sizeText.Length > 0 && (!int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > TipArchive.MaxPageSize))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid-page-size", "The page size isn't valid.", $"Use a whole number from 1 to {TipArchive.MaxPageSize}.");
        }

        var page = await archive.ListAsync(pageSize, request.Query["continuationToken"].ToString(), cancellationToken);
        if (page is null)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid-continuation-token", "The continuation token isn't valid.", "Use the continuationToken from the previous page exactly as it was given, or leave it out to start from the newest tip.");
        }

        request.HttpContext.Response.Headers.CacheControl = CacheControl;
        return new OkObjectResult(page);
    }
}
