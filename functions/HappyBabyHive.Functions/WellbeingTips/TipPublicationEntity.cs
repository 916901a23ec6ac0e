using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace HappyBabyHive.WellbeingTips;

/// <summary>
/// One published week: which tip, a snapshot of its words (so the archive and that week's emails never change when
/// a file is edited later), and the fan-out's progress. Partition "publication", row key sorting newest first.
/// Inserted with Add, so a second attempt at the same week gets 409 and publishes nothing.
/// </summary>
public sealed class TipPublicationEntity : ITableEntity
{
    public const string Partition = "publication";

    public string PartitionKey { get; set; } = Partition;
    public string RowKey { get; set; } = string.Empty;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Week { get; set; } = string.Empty;
    public int Cycle { get; set; }
    public string TipId { get; set; } = string.Empty;
    public int TipOrder { get; set; }
    public string Title { get; set; } = string.Empty;
    public string Theme { get; set; } = string.Empty;
    public int BabyAgeFromWeeks { get; set; }
    public int BabyAgeToWeeks { get; set; }
    public string TryThisWeek { get; set; } = string.Empty;
    public bool Signposting { get; set; }

    /// <summary>The body paragraphs as a JSON array of plain strings.</summary>
    public string BodyJson { get; set; } = "[]";

    public DateTimeOffset PublishedUtc { get; set; }

    /// <summary>When the first queue message was written; emails are spread from here at the configured rate.</summary>
    public DateTimeOffset? FanOutStartedUtc { get; set; }

    /// <summary>The last subscriber key (partition) whose message is written. Resuming continues after it.</summary>
    public string FanOutCheckpoint { get; set; } = string.Empty;

    public int FanOutEnqueued { get; set; }
    public DateTimeOffset? FanOutLeaseUntilUtc { get; set; }
    public DateTimeOffset? FanOutCompletedUtc { get; set; }

    public IReadOnlyList<string> BodyParagraphs() => JsonSerializer.Deserialize<List<string>>(BodyJson) ?? [];

    public static TipPublicationEntity Create(IsoWeekId week, Tip tip, int cycle, DateTimeOffset now) => new()
    {
        RowKey = week.DescendingKey,
        Week = week.ToString(),
        Cycle = cycle,
        TipId = tip.Id,
        TipOrder = tip.Order,
        Title = tip.Title,
        Theme = tip.Theme,
        BabyAgeFromWeeks = tip.BabyAgeFromWeeks,
        BabyAgeToWeeks = tip.BabyAgeToWeeks,
        TryThisWeek = tip.TryThisWeek,
        Signposting = tip.Signposting,
        BodyJson = JsonSerializer.Serialize(tip.Paragraphs),
        PublishedUtc = now,
    };
}

/// <summary>Queue message: publish (if not yet) and fan out the tip of this ISO week.</summary>
public sealed record TipFanOutMessage(string Week);

/// <summary>Queue message: send this week's tip to this subscriber. Only a week id and a hash: no personal data.</summary>
public sealed record TipEmailMessage(string Week, string Subscriber);
