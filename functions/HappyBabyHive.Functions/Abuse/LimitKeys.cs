using System.Security.Cryptography;
using System.Text;
using HappyBabyHive.Links;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Abuse;

/// <summary>
/// Names limit counters with an HMAC (key derived from Links:SigningKey for <see cref="SigningKeyUse.AbuseLimitKeys"/>),
/// never a plain hash: the limits table then holds no client address or email address, and someone who reads it
/// cannot test a guessed address against it without the secret.
/// </summary>
public sealed class LimitKeys(IOptions<LinkOptions> options)
{
    private readonly Lazy<byte[]> key = new(() => SigningKeys.Derive(options.Value.SigningKey, SigningKeyUse.AbuseLimitKeys));

    /// <summary>A client address as <see cref="ClientKey"/> gives it (IPv4 whole, IPv6 by /64).</summary>
    public string Client(string clientKey) => Hash("client", clientKey);

    /// <summary>An email address, trimmed and lower-cased so "Jo@X.com " and "jo@x.com" are one address.</summary>
    public string Email(string? email) => Hash("email", (email ?? string.Empty).Trim().ToLowerInvariant());

    /// <summary>A course id (hashed only to keep whatever was posted out of the table's keys).</summary>
    public string Course(string? courseId) => Hash("course", courseId ?? string.Empty)[..16];

    private string Hash(string kind, string value) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key.Value, Encoding.UTF8.GetBytes(kind + "\n" + value)))[..32];
}
