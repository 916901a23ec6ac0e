using HappyBabyHive.Abuse;
using HappyBabyHive.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Functions;

/// <summary>
/// A form token for a website that draws its own form and posts to the JSON API: fetch one when the form is shown,
/// send it back in the Form-Token header (docs/abuse-resistance.md). Our own form pages carry theirs in the page.
/// </summary>
public sealed class PublicFormTokenHttp(FormTokens tokens, Cors cors, IOptions<AbuseOptions> options)
{
    private static readonly string[] Forms = [PublicBookingFormHttp.FormName, PublicFreePlaceFormHttp.FormName, PublicTipsFormHttp.FormName];

    [Function(nameof(FormToken))]
    public IActionResult FormToken(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = "forms/token")] HttpRequest request)
    {
        if (cors.HandlePreflight(request) is { } preflight)
        {
            return preflight;
        }

        var form = request.Query["form"].ToString();
        if (!Forms.Contains(form, StringComparer.Ordinal))
        {
            return Problems.Validation(new Dictionary<string, string[]>
            {
                ["form"] = [$"Say which form the token is for: {string.Join(", ", Forms)}."],
            });
        }

        // Each token is good once and only for this visitor's form: never cache it anywhere.
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return new OkObjectResult(new FormTokenResponse(tokens.Issue(form), (int)Math.Ceiling(options.Value.MinimumFillTime.TotalSeconds)));
    }
}

/// <param name="FormToken">Send it back in the Form-Token header with the post.</param>
/// <param name="MinimumFillSeconds">A post sooner than this after the token was issued is refused as too fast.</param>
public sealed record FormTokenResponse(string FormToken, int MinimumFillSeconds);
