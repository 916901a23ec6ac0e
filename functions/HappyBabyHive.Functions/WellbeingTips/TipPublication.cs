namespace HappyBabyHive.WellbeingTips;

/// <summary>
/// One published week: which tip, and a snapshot of its words, so the archive and that week's emails never change
/// when a content file is edited later. Published once per ISO week.
/// </summary>
public sealed record TipPublication(
    string Week,
    int Cycle,
    string TipId,
    int TipOrder,
    string Title,
    string Theme,
    int BabyAgeFromWeeks,
    int BabyAgeToWeeks,
    string TryThisWeek,
    bool Signposting,
    IReadOnlyList<string> Paragraphs,
    DateTimeOffset PublishedUtc)
{
    public static TipPublication Create(IsoWeekId week, Tip tip, int cycle, DateTimeOffset now) => new(
        week.ToString(), cycle, tip.Id, tip.Order, tip.Title, tip.Theme, tip.BabyAgeFromWeeks, tip.BabyAgeToWeeks,
        tip.TryThisWeek, tip.Signposting, tip.Paragraphs, now);
}

/// <summary>How far the week's fan-out (one queue message per confirmed subscriber) has got.</summary>
/// <param name="StartedUtc">When the first queue message was written; emails are spread from here at the configured rate.</param>
/// <param name="Checkpoint">The last subscriber key whose message is written. Resuming continues after it.</param>
/// <param name="Enqueued">Messages written so far.</param>
/// <param name="LeaseUntilUtc">The delivery doing the fan-out holds it until then.</param>
/// <param name="CompletedUtc">Every confirmed subscriber has a message.</param>
public sealed record FanOutProgress(
    DateTimeOffset? StartedUtc = null,
    string Checkpoint = "",
    int Enqueued = 0,
    DateTimeOffset? LeaseUntilUtc = null,
    DateTimeOffset? CompletedUtc = null);

/// <summary>
/// A week's publication and its fan-out as stored. <paramref name="Version"/> is the store's opaque version: saving
/// the fan-out's progress fails when another delivery changed it since (the row is the fan-out's lease).
/// </summary>
public sealed record PublishedWeek(IsoWeekId Week, TipPublication Tip, FanOutProgress FanOut, string Version);

/// <summary>A page of the archive, newest first, and the store's token for the next page (null on the last).</summary>
public sealed record TipPublicationPage(IReadOnlyList<TipPublication> Items, string? Continuation);

/// <summary>The published weeks: the source of truth for which tip each week had, and the fan-out's lease and checkpoint.</summary>
public interface ITipPublications
{
    Task<PublishedWeek?> FindAsync(IsoWeekId week, CancellationToken cancellationToken);

    /// <summary>Publishes the week (inserted once, ever); null when it was published already (read that one instead).</summary>
    Task<PublishedWeek?> TryAddAsync(IsoWeekId week, TipPublication tip, CancellationToken cancellationToken);

    /// <summary>The cycle of the newest publication (1 when there is none): the cycle in progress.</summary>
    Task<int> CurrentCycleAsync(CancellationToken cancellationToken);

    /// <summary>Ids of the tips already published in <paramref name="cycle"/>.</summary>
    Task<IReadOnlySet<string>> TipsPublishedInCycleAsync(int cycle, CancellationToken cancellationToken);

    /// <summary>Saves the week's fan-out progress if nobody changed it since it was read; null (nothing written) otherwise.</summary>
    Task<PublishedWeek?> TrySaveFanOutAsync(PublishedWeek week, FanOutProgress progress, CancellationToken cancellationToken);

    /// <summary>Published tips, newest first. Null when the store refuses <paramref name="continuation"/>.</summary>
    Task<TipPublicationPage?> ListAsync(int pageSize, string? continuation, CancellationToken cancellationToken);
}
