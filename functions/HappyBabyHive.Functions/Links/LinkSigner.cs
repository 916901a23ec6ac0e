using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Links;

public enum LinkCheck
{
    Valid,
    Malformed,
    BadSignature,
    WrongPurpose,
    Expired,
}

public sealed record VerifiedLink(LinkCheck Check, string? Subject = null, DateTimeOffset? ExpiresUtc = null)
{
    public bool IsValid => Check == LinkCheck.Valid;
}

/// <summary>
/// Signs the tokens in emailed links: HMAC-SHA256 over purpose, subject and expiry. A token for one purpose (say, a
/// free-place review) cannot be used for another, nor altered to point at another subject, nor used after it expires.
/// </summary>
public sealed class LinkSigner(IOptions<LinkOptions> options, TimeProvider time)
{
    public string Sign(string purpose, string subject, TimeSpan lifetime)
    {
        var expires = time.GetUtcNow().Add(lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var payload = Encoding.UTF8.GetBytes($"{purpose}\n{subject}\n{expires}");
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(Mac(options.Value.SigningKey, payload));
    }

    public VerifiedLink Verify(string purpose, string? token)
    {
        var parts = (token ?? string.Empty).Split('.');
        if (parts.Length != 2 || !TryDecode(parts[0], out var payload) || !TryDecode(parts[1], out var signature))
        {
            return new VerifiedLink(LinkCheck.Malformed);
        }

        if (!Keys().Any(key => CryptographicOperations.FixedTimeEquals(Mac(key, payload), signature)))
        {
            return new VerifiedLink(LinkCheck.BadSignature);
        }

        var fields = Encoding.UTF8.GetString(payload).Split('\n');
        if (fields.Length != 3 || !long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expiresUnix))
        {
            return new VerifiedLink(LinkCheck.Malformed);
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(expiresUnix);
        if (!string.Equals(fields[0], purpose, StringComparison.Ordinal))
        {
            return new VerifiedLink(LinkCheck.WrongPurpose);
        }

        return time.GetUtcNow() >= expires
            ? new VerifiedLink(LinkCheck.Expired, fields[1], expires)
            : new VerifiedLink(LinkCheck.Valid, fields[1], expires);
    }

    private IEnumerable<string> Keys()
    {
        yield return options.Value.SigningKey;
        if (!string.IsNullOrEmpty(options.Value.PreviousSigningKey))
        {
            yield return options.Value.PreviousSigningKey;
        }
    }

    private static byte[] Mac(string key, byte[] payload) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), payload);

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || text.Length > 2048 || !Base64Url.IsValid(text))
        {
            return false;
        }

        bytes = Base64Url.DecodeFromChars(text);
        return true;
    }
}
