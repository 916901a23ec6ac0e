using HappyBabyHive.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.FreePlaces;

public interface IFreePlaceNotePurger
{
    /// <summary>
    /// Deletes notes (and decline messages) decided longer ago than the retention period, and notes left undecided
    /// longer than theirs; returns how many requests it cleared.
    /// </summary>
    Task<int> PurgeAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The privacy promise: a family's note may reveal mental-health information, so it is deleted a set number of days
/// after the owner decides, or a (longer) set number of days after it arrived if nobody has decided. The decision, its
/// date and its route stay, so the audit trail survives. The request's fingerprint (a hash over the request, note
/// included, kept to recognise a retried Idempotency-Key) goes with the note: a retry that late is answered as a reuse.
/// </summary>
public sealed partial class FreePlaceNotePurger(
    IFreePlaceRequestStore requests,
    IOptions<FreePlaceOptions> options,
    TimeProvider time,
    ILogger<FreePlaceNotePurger> logger) : IFreePlaceNotePurger
{
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();

        // The retention is applied when purging (not fixed at decision time), so shortening it takes effect at once.
        var cutoff = now.AddDays(-options.Value.NoteRetentionDays);
        var undecidedCutoff = now.AddDays(-options.Value.UndecidedNoteRetentionDays);
        var decided = (await requests.ListNotesDecidedByAsync(cutoff, cancellationToken))
            .Where(r => r.Status is FreePlaceStatus.Approved or FreePlaceStatus.Declined);
        var undecided = (await requests.ListAsync(FreePlaceStatus.Pending, cancellationToken))
            .Where(r => r.Note is not null && r.CreatedUtc <= undecidedCutoff);
        var purged = 0;
        foreach (var request in decided.Concat(undecided))
        {

            // The store drops the emptied fields from the row, so the text is gone, not just blanked. Null: changed
            // since we read it; tomorrow's run will catch it.
            if (await requests.TryReplaceAsync(request with { Note = null, DeclineMessage = null, NotePurgedUtc = now, RequestHash = null }, cancellationToken) is not null)
            {
                purged++;
                LogPurged(logger, request.Id);
            }
        }

        return purged;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted the note on free-place request {RequestId} after the retention period")]
    private static partial void LogPurged(ILogger logger, string requestId);
}
