using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Links;

/// <summary>
/// HMAC-SHA256 of personal data under a key derived from Links:SigningKey (<see cref="SigningKeyUse.PersonalDataHashes"/>).
/// Used wherever a value derived from an email address (or a whole request that contains one) is stored or logged: a
/// plain SHA-256 of an address can be tested by anyone who guesses the address, a keyed hash cannot without the key.
/// Each caller passes its own purpose, so the same address hashes differently as a subscriber key and as a family
/// pointer. Always the current key, never the previous one: see docs/data-protection.md for what rotation means.
/// </summary>
public sealed class PersonalDataHasher
{
    private readonly byte[] key;

    public PersonalDataHasher(IOptions<LinkOptions> options)
        : this(options.Value.SigningKey)
    {
    }

    public PersonalDataHasher(string signingKey) => key = SigningKeys.Derive(signingKey, SigningKeyUse.PersonalDataHashes);

    /// <summary>Lower-case hex HMAC of <c>purpose|value</c>: 64 characters.</summary>
    public string Hash(string purpose, string value) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(purpose + "|" + value)));

    /// <summary>Lower-case hex HMAC of bytes (a serialised request), under a purpose.</summary>
    public string Hash(string purpose, ReadOnlySpan<byte> value)
    {
        var prefix = Encoding.UTF8.GetBytes(purpose + "|");
        var data = new byte[prefix.Length + value.Length];
        prefix.CopyTo(data, 0);
        value.CopyTo(data.AsSpan(prefix.Length));
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, data));
    }

    /// <summary>The normalised form of an address every keyed hash of an address is taken over.</summary>
    public static string NormaliseEmail(string email) => email.Trim().ToLowerInvariant();
}
