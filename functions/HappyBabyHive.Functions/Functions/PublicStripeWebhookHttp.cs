using System.Text;
using HappyBabyHive.Http;
using HappyBabyHive.Payments.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>Stripe's webhook deliveries: verified, stored once, acknowledged; a queue function applies them.</summary>
public sealed class PublicStripeWebhookHttp(StripeWebhookReceiver receiver)
{
    /// <summary>Stripe's events are a few KB; 64 KB leaves room for a large one without reading anything unbounded.</summary>
    public const int MaxBytes = 64 * 1024;

    public const string SignatureHeader = "Stripe-Signature";

    // Anonymous: Stripe cannot send a function key; the signature is the authentication.
    [Function(nameof(ReceiveStripeWebhook))]
    public async Task<IActionResult> ReceiveStripeWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "stripe/webhook")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var payload = await ReadAsync(request, cancellationToken);
        if (payload is null)
        {
            return Problems.TooLarge(MaxBytes);
        }

        var receipt = await receiver.ReceiveAsync(payload, request.Headers[SignatureHeader].ToString(), cancellationToken);
        return receipt switch
        {
            WebhookReceipt.Stored or WebhookReceipt.Duplicate or WebhookReceipt.Ignored => new OkObjectResult(new { received = true }),
            WebhookReceipt.BadSignature => Problems.Create(
                StatusCodes.Status400BadRequest,
                "bad-signature",
                "The Stripe-Signature header doesn't match this request.",
                "The signature is missing, does not match the body with this endpoint's signing secret, or was made more than 5 minutes ago. Nothing was stored."),
            WebhookReceipt.Unreadable => Problems.Create(
                StatusCodes.Status400BadRequest, "unreadable-event", "The body isn't a Stripe event.", "The request was signed but its body could not be read as a Stripe event. Nothing was stored."),
            WebhookReceipt.NotEnabled => Problems.Create(
                StatusCodes.Status404NotFound, "payments-not-enabled", "Payments are not turned on here.", "This app does not take payments, so it has no webhook to receive. Nothing was stored."),
            _ => throw new InvalidOperationException($"Unhandled webhook receipt {receipt.GetType().Name}."),
        };
    }

    /// <summary>The body as text, or null when it is over <see cref="MaxBytes"/> (Content-Length can be absent, so the read itself is bounded).</summary>
    private static async Task<string?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return null;
        }

        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        // Stripe signs the UTF-8 bytes it sends; invalid UTF-8 decodes to replacement characters and so fails the signature.
        return length > MaxBytes ? null : Encoding.UTF8.GetString(buffer, 0, length);
    }
}
