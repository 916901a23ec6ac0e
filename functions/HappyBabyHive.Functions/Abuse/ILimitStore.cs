namespace HappyBabyHive.Abuse;

/// <summary>
/// Shared fixed-window counters and one-use markers (Table storage in the app, so every instance sees the same
/// counts). Keys arrive already hashed (<see cref="LimitKeys"/>): the store never sees an address.
/// </summary>
public interface ILimitStore
{
    /// <summary>The count in one window of one counter; 0 when nothing was counted.</summary>
    Task<int> ReadAsync(string counter, DateTimeOffset windowStartUtc, CancellationToken cancellationToken);

    /// <summary>Adds one to a window's count (safe against other instances adding at the same time) and returns the new count.</summary>
    Task<int> IncrementAsync(string counter, DateTimeOffset windowStartUtc, DateTimeOffset expiresUtc, CancellationToken cancellationToken);

    /// <summary>
    /// Records that a one-use id was used, on behalf of <paramref name="requestKey"/> (the post's idempotency key):
    /// true the first time; later, true only for the same non-empty request key (the same request sent again, say a
    /// refreshed result page, which its service answers idempotently), false for anything else, on any instance.
    /// </summary>
    Task<bool> TryUseOnceAsync(string id, string? requestKey, DateTimeOffset expiresUtc, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes every row (a counter's window, a one-use record) whose expiry is before <paramref name="expiredBeforeUtc"/>
    /// and returns how many went. Repeatable: a deleted row no longer matches, and a row changed since it was found (it is
    /// counting again) is left alone.
    /// </summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset expiredBeforeUtc, CancellationToken cancellationToken);
}
