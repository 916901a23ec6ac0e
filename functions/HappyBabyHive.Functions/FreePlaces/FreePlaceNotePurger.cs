using HappyBabyHive.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.FreePlaces;

public interface IFreePlaceNotePurger
{
    /// <summary>Deletes notes (and decline messages) decided longer ago than the retention period; returns how many requests it cleared.</summary>
    Task<int> PurgeAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The privacy promise: a family's note may reveal mental-health information, so it is deleted a set number of days
/// after the owner decides. The decision, its date and its route stay, so the audit trail survives.
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
        var purged = 0;
        foreach (var request in await requests.ListNotesDecidedByAsync(cutoff, cancellationToken))
        {
            if (request.Status is not (FreePlaceStatus.Approved or FreePlaceStatus.Declined))
            {
                continue;
            }

            // The store drops the emptied fields from the row, so the text is gone, not just blanked. Null: changed
            // since we read it; tomorrow's run will catch it.
            if (await requests.TryReplaceAsync(request with { Note = null, DeclineMessage = null, NotePurgedUtc = now }, cancellationToken) is not null)
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
