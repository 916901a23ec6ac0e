namespace HappyBabyHive.Links;

/// <summary>
/// What a signing key must look like before the app will start with it. The rule fails closed on the three ways a
/// deployment has actually gone wrong or could:
/// <list type="number">
/// <item>An unresolved Key Vault reference: App Service passes the literal <c>@Microsoft.KeyVault(...)</c> text to
/// the app when it cannot resolve the reference, and that text is guessable from the public host name.</item>
/// <item>Too short: fewer than 43 characters (43 base64 characters carry 256 bits; azd's generated passwords are 15).</item>
/// <item>Low entropy: a key whose characters, counted as a frequency distribution, carry fewer than 160 bits
/// (length × Shannon entropy per character), or which repeats itself (fewer than 75% of its three-character
/// sequences are distinct), such as "aaaa…", "abcabc…" or a short password pasted three times (those score 0.2–0.4).
/// The share was 90% until a CI run refused a genuinely random <c>openssl rand -hex 32</c> key: 62 trigrams drawn
/// from only 4,096 hex trigrams repeat now and then, and about 1 such key in 70,000 fell under 90% (lowest seen in
/// 600,000: 0.887). Under 75% needs 16 repeats where 0.5 is typical, which random keys never reach.</item>
/// </list>
/// A key made as the deployment makes it (base64 of 48 random bytes, 64 characters) passes with a wide margin
/// (about 300 bits by this estimate), as does <c>openssl rand -hex 32</c> (about 240). The estimate cannot tell a
/// long made-up sentence from a random key, so keys must come from a random generator: see docs/operations.md.
/// </summary>
public static class SigningKeyRule
{
    public const int MinimumLength = 43;
    public const double MinimumEstimatedBits = 160;
    public const double MinimumDistinctTrigramShare = 0.75;
    public const string KeyVaultReferencePrefix = "@Microsoft.KeyVault(";

    /// <summary>Why the key is refused, naming the setting but never quoting the key; null when it is acceptable.</summary>
    public static string? Problem(string? key, string settingName)
    {
        if (string.IsNullOrEmpty(key))
        {
            return $"{settingName} is required: set it to a random secret (for example `openssl rand -base64 48`).";
        }

        if (key.TrimStart().StartsWith(KeyVaultReferencePrefix, StringComparison.OrdinalIgnoreCase))
        {
            return $"{settingName} is an unresolved Key Vault reference: App Service could not read the secret (check the app's identity has access to the vault and the secret exists). Refusing to start rather than sign with a guessable key.";
        }

        if (key.Length < MinimumLength)
        {
            return $"{settingName} is {key.Length} characters; it must be at least {MinimumLength} (use `openssl rand -base64 48`).";
        }

        if (EstimatedBits(key) < MinimumEstimatedBits || DistinctTrigramShare(key) < MinimumDistinctTrigramShare)
        {
            return $"{settingName} looks low in randomness (repeated or few distinct characters); generate one with `openssl rand -base64 48`.";
        }

        return null;
    }

    /// <summary>Length × the Shannon entropy of the key's own character frequencies: an upper bound, good at catching repetition.</summary>
    public static double EstimatedBits(string key)
    {
        var perCharacter = key.GroupBy(c => c)
            .Select(g => (double)g.Count() / key.Length)
            .Sum(p => -p * Math.Log2(p));
        return perCharacter * key.Length;
    }

    public static double DistinctTrigramShare(string key)
    {
        var count = key.Length - 2;
        if (count <= 0)
        {
            return 0;
        }

        var distinct = Enumerable.Range(0, count).Select(i => key.Substring(i, 3)).Distinct(StringComparer.Ordinal).Count();
        return (double)distinct / count;
    }
}
