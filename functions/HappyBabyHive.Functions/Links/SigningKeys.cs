using System.Security.Cryptography;
using System.Text;

namespace HappyBabyHive.Links;

/// <summary>What a derived key signs. Each has its own HKDF label, so a MAC made for one is worthless for another.</summary>
public enum SigningKeyUse
{
    /// <summary>Links in emails to parents and subscribers (free-place review, unsubscribe, confirm).</summary>
    EmailedLinks,

    /// <summary>The owner's emailed sign-in link: it opens the console, so it never shares a key with parents' links.</summary>
    OwnerSignInLinks,

    /// <summary>The owner's console session cookie and its CSRF tokens.</summary>
    OwnerSession,

    /// <summary>
    /// Keyed hashes of personal data (email addresses in row keys, request fingerprints, audit rows): a reader of
    /// storage or logs who guesses an address cannot test the guess without this key.
    /// </summary>
    PersonalDataHashes,
    /// <summary>The keyed hashes that name rate-limit counters (client addresses, email addresses), so the limits table holds no address a reader could test guesses against.</summary>
    AbuseLimitKeys,

    /// <summary>The form tokens issued with every public form (time-stamped, one use).</summary>
    FormTokens,
}

/// <summary>
/// Derives one key per use from the single configured secret (Links:SigningKey) with HKDF-SHA256. One secret keeps
/// deployment and rotation simple; separate derived keys mean a key that leaks from one use (say, a parent's link
/// signer in a memory dump or a test) cannot sign anything for another use, such as the console.
/// </summary>
public static class SigningKeys
{
    private const int KeyBytes = 32;

    public static byte[] Derive(string secret, SigningKeyUse use) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), KeyBytes, salt: [], info: Label(use));

    private static byte[] Label(SigningKeyUse use) => use switch
    {
        SigningKeyUse.EmailedLinks => "happybabyhive emailed links v1"u8.ToArray(),
        SigningKeyUse.OwnerSignInLinks => "happybabyhive owner sign-in links v1"u8.ToArray(),
        SigningKeyUse.OwnerSession => "happybabyhive owner console session v1"u8.ToArray(),
        SigningKeyUse.PersonalDataHashes => "happybabyhive personal data hashes v1"u8.ToArray(),
        SigningKeyUse.AbuseLimitKeys => "happybabyhive abuse limit keys v1"u8.ToArray(),
        SigningKeyUse.FormTokens => "happybabyhive form tokens v1"u8.ToArray(),
        _ => throw new ArgumentOutOfRangeException(nameof(use), use, "Unknown signing key use."),
    };
}
