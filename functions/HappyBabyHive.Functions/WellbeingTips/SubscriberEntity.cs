using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;

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
    public const string ProfileRow = "subscriber";
    public const string ConsentPrefix = "consent|";
    public const string OutboxPrefix = "outbox|";

    /// <summary>
    /// The subscriber's partition key: a SHA-256 of the normalised address, so no email ever appears in a key, a
    /// queue message or a log line, and the same parent always lands on the same row, however they typed it.
    /// </summary>
    public static string For(string email) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("wellbeing-tips|" + Normalise(email))));

    public static string Normalise(string email) => email.Trim().ToLowerInvariant();

    public static bool IsWellFormed(string? key) => key is { Length: 64 } && key.All(char.IsAsciiHexDigitLower);
}

/// <summary>One subscriber: their address, status and current consent. Row "subscriber" in their own partition.</summary>
public sealed class SubscriberEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = SubscriberKeys.ProfileRow;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Email { get; set; } = string.Empty;
    public string? FirstName { get; set; }
    public string Status { get; set; } = nameof(SubscriberStatus.Pending);

    /// <summary>Random id of the current consent; the confirm link names it, so an old link can't confirm a newer request.</summary>
    public string ConsentId { get; set; } = string.Empty;

    public string ConsentVersion { get; set; } = string.Empty;
    public string ConsentSource { get; set; } = string.Empty;
    public DateTimeOffset ConsentRequestedUtc { get; set; }
    public DateTimeOffset? ConfirmedUtc { get; set; }
    public DateTimeOffset? UnsubscribedUtc { get; set; }
    public DateTimeOffset? LastConfirmEmailUtc { get; set; }
    public DateTimeOffset CreatedUtc { get; set; }

    public SubscriberStatus SubscriberStatus => Enum.Parse<SubscriberStatus>(Status);

    public static string NewConsentId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}

/// <summary>
/// An append-only record of each consent event (requested, confirmed, withdrawn) with its time and wording version,
/// written in the same transaction as the change it records.
/// </summary>
public sealed class ConsentEventEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = string.Empty;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Event { get; set; } = string.Empty;
    public string ConsentId { get; set; } = string.Empty;
    public string ConsentVersion { get; set; } = string.Empty;
    public string ConsentSource { get; set; } = string.Empty;
    public DateTimeOffset AtUtc { get; set; }

    public static ConsentEventEntity For(SubscriberEntity subscriber, string eventName, DateTimeOffset at) => new()
    {
        PartitionKey = subscriber.PartitionKey,
        RowKey = $"{SubscriberKeys.ConsentPrefix}{at.UtcTicks:D19}|{eventName}",
        Event = eventName,
        ConsentId = subscriber.ConsentId,
        ConsentVersion = subscriber.ConsentVersion,
        ConsentSource = subscriber.ConsentSource,
        AtUtc = at,
    };
}
