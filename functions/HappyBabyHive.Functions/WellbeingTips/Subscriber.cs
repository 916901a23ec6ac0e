using System.Security.Cryptography;
using System.Text;
using HappyBabyHive.Links;

namespace HappyBabyHive.WellbeingTips;

public enum SubscriberStatus
{
    /// <summary>Asked for tips; the confirm link has been emailed but not yet used. Gets no tips.</summary>
    Pending,

    /// <summary>Confirmed by POST from the emailed link. Gets the weekly tip.</summary>
    Confirmed,

    /// <summary>Unsubscribed (withdrew consent). Gets nothing until they subscribe and confirm again.</summary>
    Unsubscribed,
}

/// <summary>Where the parent gave consent. Stored with the consent, so the owner can show how each one was given.</summary>
public static class ConsentSources
{
    public const string SubscribeForm = "subscribe-form";
    public const string BookingForm = "booking-form";
}

/// <summary>
/// The wording a parent agrees to when asking for tips. Stored (by version) with every consent; the website shows this
/// text beside the box. Change the wording only together with a new version.
/// </summary>
public static class ConsentWording
{
    public const string Version = "tips-consent-2026-11";

    public const string Text =
        "Yes, please email me a wellbeing tip every Monday. I can unsubscribe at any time with one click.";
}

public static class SubscriberKeys
{
    /// <summary>
    /// The subscriber's partition key: a keyed hash (<see cref="PersonalDataHasher"/>) of the normalised address, so no
    /// email ever appears in a key, a queue message or a log line, nobody without the key can test a guessed address
    /// against one, and the same parent always lands on the same row, however they typed it.
    /// </summary>
    public static string For(PersonalDataHasher hasher, string email) => hasher.Hash("wellbeing-tips", Normalise(email));

    /// <summary>The key before issue 17, a plain SHA-256: only the re-key job uses it, to find rows still under it.</summary>
    public static string LegacyFor(string email) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("wellbeing-tips|" + Normalise(email))));

    /// <summary>
    /// Where the re-key job leaves the forwarding row for a subscriber it moved off <paramref name="legacyKey"/>: a keyed
    /// hash of the old key, so the table holds no plain SHA-256 of an address (someone reading it can't test a guessed
    /// address), yet an old link, which names the old key, still finds its way.
    /// </summary>
    public static string ForwardFrom(PersonalDataHasher hasher, string legacyKey) => hasher.Hash("wellbeing-tips-moved", legacyKey);

    public static string Normalise(string email) => email.Trim().ToLowerInvariant();

    public static bool IsWellFormed(string? key) => key is { Length: 64 } && key.All(char.IsAsciiHexDigitLower);
}

/// <summary>One tips subscriber: their address, status and current consent.</summary>
public sealed record Subscriber
{
    /// <summary>The subscriber's key (<see cref="SubscriberKeys.For"/>): what links and queue messages name them by.</summary>
    public required string Key { get; init; }

    public required string Email { get; init; }
    public string? FirstName { get; init; }
    public SubscriberStatus Status { get; init; } = SubscriberStatus.Pending;

    /// <summary>Random id of the current consent; the confirm link names it, so an old link can't confirm a newer request.</summary>
    public string ConsentId { get; init; } = string.Empty;

    public string ConsentVersion { get; init; } = string.Empty;
    public string ConsentSource { get; init; } = string.Empty;
    public DateTimeOffset ConsentRequestedUtc { get; init; }
    public DateTimeOffset? ConfirmedUtc { get; init; }
    public DateTimeOffset? UnsubscribedUtc { get; init; }
    public DateTimeOffset? LastConfirmEmailUtc { get; init; }
    public DateTimeOffset CreatedUtc { get; init; }

    /// <summary>
    /// The store's opaque version of the subscriber as read; null for one not stored yet. Saving fails when the stored
    /// subscriber has changed since (a parallel request got there first).
    /// </summary>
    public string? Version { get; init; }

    public static string NewConsentId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
