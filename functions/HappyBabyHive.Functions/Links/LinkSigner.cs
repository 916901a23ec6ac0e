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
/// The MAC key is derived for one <see cref="SigningKeyUse"/>: the app's signer uses <see cref="SigningKeyUse.EmailedLinks"/>,
/// and the owner's sign-in links make their own with <see cref="SigningKeyUse.OwnerSignInLinks"/>.
/// </summary>
public sealed class LinkSigner(IOptions<LinkOptions> options, TimeProvider time, SigningKeyUse use = SigningKeyUse.EmailedLinks)
{
    // Derived once: the options are fixed for the app's lifetime (a key change means a restart).
    private readonly Lazy<byte[][]> keys = new(() => DeriveKeys(options.Value, use));

    public string Sign(string purpose, string subject, TimeSpan lifetime) => Sign(purpose, subject, time.GetUtcNow().Add(lifetime));

    /// <summary>Signs a token that expires at a fixed moment (say, a week after a course ends) rather than after a lifetime.</summary>
    public string Sign(string purpose, string subject, DateTimeOffset expiresUtc)
    {
        var expires = expiresUtc.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var payload = Encoding.UTF8.GetBytes($"{purpose}\n{subject}\n{expires}");
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(Mac(keys.Value[0], payload));
    }

    public VerifiedLink Verify(string purpose, string? token)
    {
        var parts = (token ?? string.Empty).Split('.');
        if (parts.Length != 2 || !TryDecode(parts[0], out var payload) || !TryDecode(parts[1], out var signature))
        {
            return new VerifiedLink(LinkCheck.Malformed);
        }

        if (!keys.Value.Any(key => CryptographicOperations.FixedTimeEquals(Mac(key, payload), signature)))
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

    /// <summary>The current key signs and verifies; the previous one (during a rotation) only verifies.</summary>
    private static byte[][] DeriveKeys(LinkOptions options, SigningKeyUse use) =>
        string.IsNullOrEmpty(options.PreviousSigningKey)
            ? [SigningKeys.Derive(options.SigningKey, use)]
            : [SigningKeys.Derive(options.SigningKey, use), SigningKeys.Derive(options.PreviousSigningKey, use)];

    private static byte[] Mac(byte[] key, byte[] payload) => HMACSHA256.HashData(key, payload);

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
