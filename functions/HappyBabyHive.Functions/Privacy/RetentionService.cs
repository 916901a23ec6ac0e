using HappyBabyHive.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Privacy;

/// <summary>What one retention run removed, by kind.</summary>
public sealed record RetentionCounts(
    int BookingsAnonymised,
    int FreePlaceNotesPurged,
    int UnconfirmedSubscriptionsDeleted,
    int UnsubscribedSubscribersDeleted,
    int SignInRowsDeleted,
    int TipSentMarkersDeleted,
    int ExpiredLimitRowsDeleted,
    int SubscriberForwardsDeleted);

/// <summary>The rows retention applies to. Each call is repeatable: a row already cleared no longer matches.</summary>
public interface IRetentionStore
{
    /// <summary>Anonymises every booking (and drops the pointers) of courses whose last session ended by <paramref name="endedByUtc"/>.</summary>
    Task<int> AnonymiseBookingsOfCoursesEndedByAsync(DateTimeOffset endedByUtc, DateTimeOffset now, CancellationToken cancellationToken);

    Task<int> DeleteSubscribersAsync(string status, DateTimeOffset lastChangedByUtc, CancellationToken cancellationToken);

    Task<int> DeleteSignInsCreatedByAsync(DateTimeOffset createdByUtc, CancellationToken cancellationToken);

    Task<int> DeleteTipSentMarkersByAsync(DateTimeOffset sentByUtc, CancellationToken cancellationToken);

    /// <summary>Deletes the re-key job's forwarding rows for tips subscribers (old key → new) written by <paramref name="movedByUtc"/>.</summary>
    Task<int> DeleteSubscriberForwardsMovedByAsync(DateTimeOffset movedByUtc, CancellationToken cancellationToken);
}

/// <summary>
/// Retention by default: personal data goes when its purpose has passed, on the periods in <see cref="RetentionOptions"/>,
/// without anyone having to remember. Cut-offs are instants (UTC) measured back from the clock, so a change of UK
/// clocks neither skips nor repeats anything. Free-place notes are purged by <see cref="FreePlaces.FreePlaceNotePurger"/>
/// (decided and undecided), which the retention timer runs first. Expired rows of the Limits table (hashed counters and
/// used form tokens, <see cref="Abuse.ExpiredLimits"/>) go last.
/// </summary>
public sealed partial class RetentionService(
    IRetentionStore store,
    FreePlaces.IFreePlaceNotePurger notes,
    Abuse.ExpiredLimits limits,
    IOptions<RetentionOptions> options,
    IOptions<WellbeingTips.WellbeingTipsOptions> tips,
    TimeProvider time,
    ILogger<RetentionService> logger)
{
    public async Task<RetentionCounts> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var o = options.Value;
        var counts = new RetentionCounts(
            await store.AnonymiseBookingsOfCoursesEndedByAsync(now.AddMonths(-o.BookingMonthsAfterCourseEnds), now, cancellationToken),
            await notes.PurgeAsync(cancellationToken),
            await store.DeleteSubscribersAsync("Pending", now.AddDays(-o.UnconfirmedSubscriptionDays), cancellationToken),
            await store.DeleteSubscribersAsync("Unsubscribed", now.AddDays(-o.UnsubscribedDetailsDays), cancellationToken),
            await store.DeleteSignInsCreatedByAsync(now.AddDays(-o.SignInRowDays), cancellationToken),
            await store.DeleteTipSentMarkersByAsync(now.AddDays(-o.TipSentMarkerDays), cancellationToken),
            await limits.DeleteAsync(cancellationToken),
            await store.DeleteSubscriberForwardsMovedByAsync(now - ForwardsKeptFor(tips.Value), cancellationToken));
        LogRun(logger, counts.BookingsAnonymised, counts.FreePlaceNotesPurged, counts.UnconfirmedSubscriptionsDeleted,
            counts.UnsubscribedSubscribersDeleted, counts.SignInRowsDeleted, counts.TipSentMarkersDeleted, counts.ExpiredLimitRowsDeleted,
            counts.SubscriberForwardsDeleted);
        return counts;
    }

    /// <summary>
    /// A forwarding row is needed while a link from an email sent before the move can still be used: the longest-lived
    /// tips link (unsubscribe, 400 days by default) after the move. After that the old links have expired anyway.
    /// </summary>
    public static TimeSpan ForwardsKeptFor(WellbeingTips.WellbeingTipsOptions tips) =>
        tips.UnsubscribeLinkLifetime > tips.ConfirmLinkLifetime ? tips.UnsubscribeLinkLifetime : tips.ConfirmLinkLifetime;

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: {Bookings} bookings anonymised, {Notes} notes purged, {Unconfirmed} unconfirmed and {Unsubscribed} unsubscribed subscribers deleted, {SignIns} sign-ins, {Markers} tip markers, {Limits} expired limit rows and {Forwards} subscriber forwards deleted")]
    private static partial void LogRun(ILogger logger, int bookings, int notes, int unconfirmed, int unsubscribed, int signIns, int markers, int limits, int forwards);
}
