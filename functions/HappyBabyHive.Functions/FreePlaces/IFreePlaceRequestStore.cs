using HappyBabyHive.Outbox;

namespace HappyBabyHive.FreePlaces;

/// <summary>
/// Free-place requests, each stored beside the emails it owes so a change and its email are written together.
/// Implemented by the storage layer; every write is guarded by the <see cref="FreePlaceRequestRecord.Version"/> it
/// was read at, so of two deciders only one changes a request.
/// </summary>
public interface IFreePlaceRequestStore
{
    /// <summary>Null when there is no such request, or <paramref name="requestId"/> is not a request id at all.</summary>
    Task<FreePlaceRequestRecord?> FindAsync(string requestId, CancellationToken cancellationToken);

    /// <summary>Requests with the given status (all when null), newest first.</summary>
    Task<IReadOnlyList<FreePlaceRequestRecord>> ListAsync(FreePlaceStatus? status, CancellationToken cancellationToken);

    /// <summary>Requests still holding a note or decline message whose decision was made at or before <paramref name="decidedByUtc"/>.</summary>
    Task<IReadOnlyList<FreePlaceRequestRecord>> ListNotesDecidedByAsync(DateTimeOffset decidedByUtc, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a new request and owes it the emails <paramref name="emailTemplates"/>, all or nothing; returns their
    /// queue messages. Null when a request with this id already exists: nothing is written.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>?> TryAddAsync(FreePlaceRequestRecord request, IReadOnlyList<string> emailTemplates, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="request"/> over the stored one if that is still the version it was read at. Returns
    /// the request as now stored (with its new version), or null when someone else changed it first (nothing written).
    /// </summary>
    Task<FreePlaceRequestRecord?> TryReplaceAsync(FreePlaceRequestRecord request, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="TryReplaceAsync"/>, and owes the email <paramref name="emailTemplate"/> in the same write.
    /// Returns its queue message, or null when someone else changed the request first (nothing written).
    /// </summary>
    Task<OutboxMessage?> TryReplaceOwingEmailAsync(FreePlaceRequestRecord request, string emailTemplate, DateTimeOffset now, CancellationToken cancellationToken);
}
