using HappyBabyHive.Abuse;
using HappyBabyHive.Http;
using HappyBabyHive.Links;
using HappyBabyHive.Web.Pages;
using HappyBabyHive.WellbeingTips;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>Subscribing to the weekly tips (website form), confirming (double opt-in) and unsubscribing (emailed links).</summary>
public sealed class PublicSubscriptionsHttp(
    ISubscriptionService subscriptions,
    SubscriptionLinks links,
    SubscriptionPages pages,
    Cors cors,
    PublicPostGuard guard,
    PublicLimits limits)
{
    public const string AcceptedMessage =
        "Thank you! Please check your inbox for an email from us and press the button in it to start your weekly tips.";

    private static readonly FormOptions SmallForm = new() { ValueCountLimit = 8, KeyLengthLimit = 64, ValueLengthLimit = 2048, MultipartBodyLengthLimit = JsonBody.MaxBytes };

    [Function(nameof(CreateSubscription))]
    public async Task<IActionResult> CreateSubscription(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = "subscriptions")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var post = await PublicJsonPost.ReadAsync<SubscriptionRequest>(
            request, cors, guard, PublicTipsFormHttp.FormName, (b, client) => limits.Subscription(client, b.Email), cancellationToken);
        if (post is not { Body: { } body, Answer: null })
        {
            return post.Answer!;
        }

        // The same 202 whether the address is new, pending, subscribed or unsubscribed: the form reveals nothing.
        var outcome = await subscriptions.SubscribeAsync(body, cancellationToken);
        if (outcome is SubscribeOutcome.Accepted)
        {
            await guard.CountAsync(post.Limits, cancellationToken);
        }

        return outcome switch
        {
            SubscribeOutcome.Invalid invalid => Problems.Validation(invalid.Errors),
            SubscribeOutcome.Accepted or SubscribeOutcome.Ignored => new AcceptedResult(location: null, new { message = AcceptedMessage }),
            var other => throw new InvalidOperationException($"Unhandled subscribe outcome {other.GetType().Name}."),
        };
    }

    /// <summary>GET shows a button (link scanners open links; they must not confirm anything); the button POSTs.</summary>
    [Function(nameof(ConfirmSubscription))]
    public async Task<IActionResult> ConfirmSubscription(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "subscriptions/confirm")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var response = request.HttpContext.Response;
        if (request.ContentLength > JsonBody.MaxBytes)
        {
            return await pages.TooLargeAsync(response);
        }

        var token = await TokenAsync(request, cancellationToken);
        var (check, key, consentId) = links.VerifyConfirm(token);
        if (check != LinkCheck.Valid)
        {
            return await pages.BadLinkAsync(response, check, unsubscribe: false);
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            return await pages.ConfirmFormAsync(response, token!);
        }

        return await subscriptions.ConfirmAsync(key!, consentId!, cancellationToken) == ConfirmOutcome.OutOfDate
            ? await pages.ConfirmOutOfDateAsync(response)
            : await pages.ConfirmedAsync(response);
    }

    /// <summary>
    /// GET shows a button; POST unsubscribes at once. The POST is also the RFC 8058 one-click target of the
    /// List-Unsubscribe header: mail apps POST "List-Unsubscribe=One-Click" to the emailed URL, token in the query.
    /// </summary>
    [Function(nameof(Unsubscribe))]
    public async Task<IActionResult> Unsubscribe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "subscriptions/unsubscribe")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var response = request.HttpContext.Response;
        if (request.ContentLength > JsonBody.MaxBytes)
        {
            return await pages.TooLargeAsync(response);
        }

        var token = await TokenAsync(request, cancellationToken);
        var (check, key) = links.VerifyUnsubscribe(token);
        if (check != LinkCheck.Valid)
        {
            return await pages.BadLinkAsync(response, check, unsubscribe: true);
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            return await pages.UnsubscribeFormAsync(response, token!);
        }

        return await subscriptions.UnsubscribeAsync(key!, cancellationToken) == UnsubscribeOutcome.NotFound
            ? await pages.UnsubscribeNotFoundAsync(response)
            : await pages.UnsubscribedAsync(response);
    }

    /// <summary>The token from the query string (the emailed link, the one-click POST) or else the page's form field.</summary>
    private static async Task<string?> TokenAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var fromQuery = request.Query["token"].ToString();
        if (!string.IsNullOrEmpty(fromQuery) || !HttpMethods.IsPost(request.Method) || !request.HasFormContentType)
        {
            return fromQuery;
        }

        try
        {
            var form = await request.ReadFormAsync(SmallForm, cancellationToken);
            return form["token"].ToString();
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return null; // A malformed or oversized form is just a bad link.
        }
    }
}
