namespace HappyBabyHive.Abuse;

/// <summary>
/// Deletes the limit counters' windows and the form tokens' one-use records once they no longer matter, so the
/// Limits table holds about a day of rows instead of growing for ever. Run by the daily retention timer.
/// </summary>
public sealed class ExpiredLimits(ILimitStore store, TimeProvider time)
{
    /// <summary>
    /// How long after its expiry a row is kept. A window's row is read only while the window is current and a token's
    /// record only while the token is unexpired, so a row is dead the moment it expires; the day covers clocks that
    /// disagree between instances and a rule's window being changed (its next window's row is found from the new length).
    /// </summary>
    public static readonly TimeSpan Margin = TimeSpan.FromDays(1);

    /// <summary>Deletes every row that expired more than <see cref="Margin"/> ago; returns how many went.</summary>
    public Task<int> DeleteAsync(CancellationToken cancellationToken) =>
        store.DeleteExpiredAsync(time.GetUtcNow() - Margin, cancellationToken);
}
