using Azure;
using Azure.Data.Tables;
using HappyBabyHive.WellbeingTips;

namespace HappyBabyHive.Storage.Tips;

/// <summary>Row keys in a subscriber's partition of the TipSubscribers table (the partition is the subscriber's key).</summary>
internal static class SubscriberRows
{
    public const string Profile = "subscriber";
    public const string ConsentPrefix = "consent|";
    public const string OutboxPrefix = "outbox|";

    /// <summary>
    /// A forwarding row left by the issue-17 re-key job, alone in its partition (<see cref="SubscriberKeys.ForwardFrom"/>
    /// of the old key): <see cref="MovedTo"/> names the new key, <see cref="MovedUtc"/> when. No address, no name.
    /// </summary>
    public const string Moved = "moved";
    public const string MovedTo = "MovedTo";
    public const string MovedUtc = "MovedUtc";
}

/// <summary>One subscriber: their address, status and current consent. Row "subscriber" in their own partition.</summary>
internal sealed class SubscriberEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = SubscriberRows.Profile;
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

    public Subscriber ToSubscriber() => new()
    {
        Key = PartitionKey,
        Email = Email,
        FirstName = FirstName,
        Status = SubscriberStatus,
        ConsentId = ConsentId,
        ConsentVersion = ConsentVersion,
        ConsentSource = ConsentSource,
        ConsentRequestedUtc = ConsentRequestedUtc,
        ConfirmedUtc = ConfirmedUtc,
        UnsubscribedUtc = UnsubscribedUtc,
        LastConfirmEmailUtc = LastConfirmEmailUtc,
        CreatedUtc = CreatedUtc,
        Version = ETag.ToString("G"),
    };

    public static SubscriberEntity From(Subscriber subscriber) => new()
    {
        PartitionKey = subscriber.Key,
        Email = subscriber.Email,
        FirstName = subscriber.FirstName,
        Status = subscriber.Status.ToString(),
        ConsentId = subscriber.ConsentId,
        ConsentVersion = subscriber.ConsentVersion,
        ConsentSource = subscriber.ConsentSource,
        ConsentRequestedUtc = subscriber.ConsentRequestedUtc,
        ConfirmedUtc = subscriber.ConfirmedUtc,
        UnsubscribedUtc = subscriber.UnsubscribedUtc,
        LastConfirmEmailUtc = subscriber.LastConfirmEmailUtc,
        CreatedUtc = subscriber.CreatedUtc,
        ETag = subscriber.Version is null ? default : new ETag(subscriber.Version),
    };
}

/// <summary>
/// An append-only record of each consent event (requested, confirmed, withdrawn) with its time and wording version,
/// written in the same transaction as the change it records.
/// </summary>
internal sealed class ConsentEventEntity : ITableEntity
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

    public static ConsentEventEntity For(Subscriber subscriber, string eventName, DateTimeOffset at) => new()
    {
        PartitionKey = subscriber.Key,
        RowKey = $"{SubscriberRows.ConsentPrefix}{at.UtcTicks:D19}|{eventName}",
        Event = eventName,
        ConsentId = subscriber.ConsentId,
        ConsentVersion = subscriber.ConsentVersion,
        ConsentSource = subscriber.ConsentSource,
        AtUtc = at,
    };
}
