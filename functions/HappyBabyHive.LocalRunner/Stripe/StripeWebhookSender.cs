using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HappyBabyHive.LocalRunner.Stripe;

/// <summary>
/// Signs and delivers webhook events as Stripe does (docs.stripe.com/webhooks#verify-manually): the header
/// <c>Stripe-Signature: t={unix seconds},v1={hex HMAC-SHA256(endpoint secret, "{t}.{payload}")}</c> over the exact
/// UTF-8 bytes sent, POSTed as application/json. Written independently of Stripe.net's EventUtility, so the app's
/// verification is tested against the scheme, not against itself.
/// </summary>
public static class StripeWebhookSender
{
    public static string SignatureHeader(string payload, string secret, DateTimeOffset signedAt)
    {
        var timestamp = signedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + payload));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }

    public static HttpRequestMessage Request(Uri webhookUrl, string payload, string secret, DateTimeOffset signedAt)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, webhookUrl) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", SignatureHeader(payload, secret, signedAt));
        return request;
    }

    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, Uri webhookUrl, string payload, string secret, DateTimeOffset signedAt)
    {
        using var request = Request(webhookUrl, payload, secret, signedAt);
        return await client.SendAsync(request);
    }
}
