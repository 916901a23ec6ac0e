using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HappyBabyHive.Email.Acs;
using HappyBabyHive.Email.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace HappyBabyHive.Email.Tests.Acs;

public sealed class AcsAuthenticatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 30, 15, TimeSpan.Zero);
    private static readonly byte[] Key = SHA256.HashData("unit test key"u8);

    [Fact]
    public async Task Hmac_signs_an_empty_get_exactly_as_documented()
    {
        var time = new FakeTimeProvider(Now);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://contoso.communication.azure.com/emails/operations/abc?api-version=2023-03-31");

        await new AcsHmacAuthenticator(Key, time).AuthenticateAsync(request, CancellationToken.None);

        // The documented hash of zero bytes (azure.md §1.5) and the RFC 1123 date.
        const string EmptyHash = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
        Assert.Equal(EmptyHash, Single(request, "x-ms-content-sha256"));
        Assert.Equal("Wed, 25 Nov 2026 09:30:15 GMT", Single(request, "x-ms-date"));
        var stringToSign = $"GET\n/emails/operations/abc?api-version=2023-03-31\nWed, 25 Nov 2026 09:30:15 GMT;contoso.communication.azure.com;{EmptyHash}";
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Key, Encoding.ASCII.GetBytes(stringToSign)));
        Assert.Equal($"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={signature}", Single(request, "Authorization"));
    }

    [Fact]
    public async Task Hmac_signs_the_port_into_the_host_and_replaces_its_headers_when_signing_again()
    {
        var time = new FakeTimeProvider(Now);
        var body = "{\"a\":1}"u8.ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:5123/emails:send?api-version=2023-03-31")
        {
            Content = new ByteArrayContent(body),
        };
        var authenticator = new AcsHmacAuthenticator(Key, time);

        await authenticator.AuthenticateAsync(request, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(3));
        await authenticator.AuthenticateAsync(request, CancellationToken.None);

        var date = Now.AddSeconds(3).ToString("r", CultureInfo.InvariantCulture);
        var hash = Convert.ToBase64String(SHA256.HashData(body));
        var stringToSign = $"POST\n/emails:send?api-version=2023-03-31\n{date};127.0.0.1:5123;{hash}";
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Key, Encoding.ASCII.GetBytes(stringToSign)));
        Assert.Equal(date, Single(request, "x-ms-date"));
        Assert.Equal(hash, Single(request, "x-ms-content-sha256"));
        Assert.EndsWith($"&Signature={signature}", Single(request, "Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Entra_tokens_are_asked_for_the_acs_scope_and_reused_until_five_minutes_before_expiry()
    {
        var time = new FakeTimeProvider(Now);
        var credential = new FakeTokenCredential(time, TimeSpan.FromMinutes(60));
        var authenticator = new AcsEntraAuthenticator(credential, time);

        async Task<string?> Authorize()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "https://contoso.communication.azure.com/emails:send");
            await authenticator.AuthenticateAsync(request, CancellationToken.None);
            return request.Headers.Authorization?.ToString();
        }

        Assert.Equal($"Bearer {FakeAcsServer.BearerToken}", await Authorize());
        time.Advance(TimeSpan.FromMinutes(54));
        await Authorize();
        Assert.Single(credential.Requests);

        time.Advance(TimeSpan.FromMinutes(2));
        await Authorize();
        Assert.Equal(2, credential.Requests.Count);
        Assert.All(credential.Requests, scopes => Assert.Equal([AcsOptions.EntraScope], scopes));
    }

    private static string Single(HttpRequestMessage request, string header) =>
        Assert.Single(request.Headers.GetValues(header));
}
