using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;

namespace HappyBabyHive.LocalRunner.Stripe;

/// <summary>The fake's stand-in for Stripe's hosted Checkout page, for a browser (a person or a test) to play the parent.</summary>
public sealed partial class FakeStripeApi
{
    /// <summary>The path of every session's <c>url</c>: <c>/c/pay/{id}</c>, as Stripe's own Checkout addresses look.</summary>
    public const string CheckoutPathPrefix = "/c/pay";

    private const string SessionIdPlaceholder = "{CHECKOUT_SESSION_ID}";

    // GET /c/pay/{id}: the page. POST /c/pay/{id}/pay and /c/pay/{id}/leave: its two buttons.
    private async Task CheckoutPageAsync(HttpContext context)
    {
        var request = context.Request;
        var parts = request.Path.Value!.Trim('/').Split('/');
        var (method, id, action) = (request.Method, parts.Length > 2 ? parts[2] : string.Empty, parts.Length > 3 ? parts[3] : null);
        JsonSnapshot? session;
        lock (gate)
        {
            session = sessions.TryGetValue(id, out var s) && parts.Length <= 4
                ? new JsonSnapshot((string?)s["status"] ?? string.Empty, (long)s["amount_total"]!, (string?)s["success_url"], (string?)s["cancel_url"], productNames.GetValueOrDefault(id) ?? string.Empty)
                : null;
        }

        if (session is null)
        {
            await WritePageAsync(context, 404, "Checkout not found", "<p>There is no such checkout session in the fake Stripe.</p>");
            return;
        }

        switch (method, action)
        {
            case ("GET", null):
                await WritePageAsync(context, 200, "Pay", CheckoutBody(id, session));
                return;
            case ("POST", "pay") when session.Status == "open":
                var completed = Complete(id);
                if (!await DeliverAsync(completed, context.RequestAborted))
                {
                    await WritePageAsync(context, 502, "Payment not delivered", $"<p>The session is paid, but the app did not accept the webhook at {Encode(WebhookUrl?.AbsoluteUri ?? "(no webhook URL)")}.</p>");
                    return;
                }

                Redirect(context, session.SuccessUrl, id);
                return;
            case ("POST", "leave"):
                // As at Stripe: leaving Checkout does not end the session; the app's page can send the parent back.
                Redirect(context, session.CancelUrl ?? session.SuccessUrl, id);
                return;
            case ("POST", "pay"):
                await WritePageAsync(context, 409, "Checkout closed", $"<p>This checkout session is {Encode(session.Status)}, so it can't be paid.</p>");
                return;
            default:
                context.Response.StatusCode = 405;
                return;
        }
    }

    private static string CheckoutBody(string id, JsonSnapshot session)
    {
        var amount = (session.AmountPence / 100m).ToString("0.00", CultureInfo.InvariantCulture);
        var path = CheckoutPathPrefix + "/" + Uri.EscapeDataString(id);
        var buttons = session.Status == "open"
            ? $"""
               <form method="post" action="{Encode(path + "/pay")}"><button type="submit">Pay £{amount}</button></form>
               <form method="post" action="{Encode(path + "/leave")}"><button type="submit" class="secondary">Leave without paying</button></form>
               """
            : $"<p>This checkout session is {Encode(session.Status)}.</p>";
        return $"""
                <p class="notice">Local fake of Stripe Checkout: no card is asked for and no money moves.</p>
                <dl><dt>For</dt><dd>{Encode(session.ProductName)}</dd><dt>Amount</dt><dd>£{amount}</dd></dl>
                {buttons}
                """;
    }

    private void Redirect(HttpContext context, string? url, string id)
    {
        context.Response.StatusCode = 303;
        context.Response.Headers.Location = (url ?? BaseAddress.AbsoluteUri).Replace(SessionIdPlaceholder, Uri.EscapeDataString(id), StringComparison.Ordinal);
    }

    private async Task<bool> DeliverAsync(string stripeEvent, CancellationToken cancellationToken)
    {
        if (WebhookUrl is null)
        {
            return true;
        }

        try
        {
            using var request = StripeWebhookSender.Request(WebhookUrl, stripeEvent, WebhookSecret, time.GetUtcNow());
            using var response = await WebhookClient.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static string Encode(string text) => HtmlEncoder.Default.Encode(text);

    private static async Task WritePageAsync(HttpContext context, int status, string title, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'";
        context.Response.Headers.CacheControl = "no-store";
        var html = $$"""
                   <!doctype html>
                   <html lang="en-GB">
                   <head>
                   <meta charset="utf-8">
                   <meta name="viewport" content="width=device-width, initial-scale=1">
                   <title>{{Encode(title)}} · Fake Stripe Checkout</title>
                   <style>
                   body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
                   .notice { background: #fff4ce; padding: .5rem .75rem; border-left: 4px solid #8a6d00; }
                   button { font: inherit; padding: .75rem 1.25rem; margin: .5rem 0; border-radius: 4px; border: 2px solid #3c2a8c; background: #3c2a8c; color: #fff; cursor: pointer; }
                   button.secondary { background: #fff; color: #3c2a8c; }
                   button:focus-visible { outline: 3px solid #000; outline-offset: 2px; }
                   </style>
                   </head>
                   <body>
                   <main>
                   <h1>{{Encode(title)}}</h1>
                   {{body}}
                   </main>
                   </body>
                   </html>
                   """;
        await context.Response.WriteAsync(html, Encoding.UTF8);
    }

    private sealed record JsonSnapshot(string Status, long AmountPence, string? SuccessUrl, string? CancelUrl, string ProductName);
}
