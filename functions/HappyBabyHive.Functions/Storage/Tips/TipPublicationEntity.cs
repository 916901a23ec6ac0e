using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using HappyBabyHive.WellbeingTips;

namespace HappyBabyHive.Storage.Tips;

/// <summary>
/// One published week: which tip, a snapshot of its words, and the fan-out's progress. Partition "publication", row
/// key sorting newest first (<see cref="RowKeyFor"/>). Inserted with Add, so a second attempt at the
/// same week gets 409 and publishes nothing.
/// </summary>
internal sealed class TipPublicationEntity : ITableEntity
{
    public const string Partition = "publication";

    /// <summary>
    /// A row key that sorts newest first (Table storage returns rows in ascending key order), so the newest
    /// publication is the first row and paging "newest first" needs no sorting.
    /// </summary>
    public static string RowKeyFor(IsoWeekId week) => string.Create(CultureInfo.InvariantCulture, $"{9999 - week.Year:D4}-{99 - week.Week:D2}");

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

    public TipPublication ToTip() => new(
        Week, Cycle, TipId, TipOrder, Title, Theme, BabyAgeFromWeeks, BabyAgeToWeeks, TryThisWeek, Signposting,
        JsonSerializer.Deserialize<List<string>>(BodyJson) ?? [], PublishedUtc);

    public PublishedWeek ToPublishedWeek(IsoWeekId week) => new(
        week,
        ToTip(),
        new FanOutProgress(FanOutStartedUtc, FanOutCheckpoint, FanOutEnqueued, FanOutLeaseUntilUtc, FanOutCompletedUtc),
        ETag.ToString("G"));

    /// <summary>The whole row, so a replace writes exactly what was read plus the new progress.</summary>
    public static TipPublicationEntity From(IsoWeekId week, TipPublication tip, FanOutProgress progress, string? version) => new()
    {
        RowKey = RowKeyFor(week),
        Week = tip.Week,
        Cycle = tip.Cycle,
        TipId = tip.TipId,
        TipOrder = tip.TipOrder,
        Title = tip.Title,
        Theme = tip.Theme,
        BabyAgeFromWeeks = tip.BabyAgeFromWeeks,
        BabyAgeToWeeks = tip.BabyAgeToWeeks,
        TryThisWeek = tip.TryThisWeek,
        Signposting = tip.Signposting,
        BodyJson = JsonSerializer.Serialize(tip.Paragraphs),
        PublishedUtc = tip.PublishedUtc,
        FanOutStartedUtc = progress.StartedUtc,
        FanOutCheckpoint = progress.Checkpoint,
        FanOutEnqueued = progress.Enqueued,
        FanOutLeaseUntilUtc = progress.LeaseUntilUtc,
        FanOutCompletedUtc = progress.CompletedUtc,
        ETag = version is null ? default : new ETag(version),
    };
}
