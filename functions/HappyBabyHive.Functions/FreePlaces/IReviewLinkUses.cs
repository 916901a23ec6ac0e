namespace HappyBabyHive.FreePlaces;

/// <summary>
/// Which emailed review links have been opened. The link names one request, so the use is remembered per request:
/// the first open signs the owner in and is the only one; any later open (of that link or an older copy) is refused
/// and the owner reviews from her console instead.
/// </summary>
public interface IReviewLinkUses
{
    /// <summary>Records the link's one use; false when it had already been used (of two clicks, exactly one wins).</summary>
    Task<bool> TryUseAsync(string requestId, DateTimeOffset usedUtc, CancellationToken cancellationToken);

    Task<bool> IsUsedAsync(string requestId, CancellationToken cancellationToken);
}
