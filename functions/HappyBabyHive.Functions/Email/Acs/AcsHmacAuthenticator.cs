using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HappyBabyHive.Email.Acs;

/// <summary>
/// HMAC-SHA256 request signing with the ACS access key, as the Azure SDK's HMACAuthenticationPolicy does it:
/// string to sign <c>"{METHOD}\n{pathAndQuery}\n{x-ms-date};{host};{x-ms-content-sha256}"</c>.
/// </summary>
internal sealed class AcsHmacAuthenticator(byte[] accessKey, TimeProvider time) : IAcsRequestAuthenticator
{
    internal const string DateHeader = "x-ms-date";
    internal const string ContentHashHeader = "x-ms-content-sha256";

    public async ValueTask AuthenticateAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("An ACS request needs an absolute RequestUri.");

        // Hash the exact bytes that go on the wire. The sender uses ByteArrayContent, so reading it again returns the
        // same bytes on every attempt.
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var contentHash = Convert.ToBase64String(SHA256.HashData(body));
        var now = time.GetUtcNow();
        var date = now.ToString("r", CultureInfo.InvariantCulture);

        // Authority is host plus :port only when the port is not the scheme's default: exactly what HttpClient puts in Host.
        var stringToSign = $"{request.Method.Method.ToUpperInvariant()}\n{uri.PathAndQuery}\n{date};{uri.Authority};{contentHash}";
        var signature = Convert.ToBase64String(HMACSHA256.HashData(accessKey, Encoding.ASCII.GetBytes(stringToSign)));

        // Replace, never append: a retry resends this same HttpRequestMessage.
        Replace(request, DateHeader, date);
        Replace(request, ContentHashHeader, contentHash);
        request.Headers.Date = now;
        Replace(request, "Authorization", $"HMAC-SHA256 SignedHeaders={DateHeader};host;{ContentHashHeader}&Signature={signature}");
    }

    private static void Replace(HttpRequestMessage request, string name, string value)
    {
        request.Headers.Remove(name);
        request.Headers.TryAddWithoutValidation(name, value);
    }
}
