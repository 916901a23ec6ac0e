namespace HappyBabyHive.OwnerConsole.SignIn;

/// <summary>
/// One signed-in device of one owner, as stored. <paramref name="OwnerKey"/> is a keyed fingerprint of the owner's
/// address (never the address itself); <paramref name="Device"/> is a coarse label from the browser's User-Agent
/// ("Safari on iPhone"), never an IP address.
/// </summary>
/// <param name="SignedInUtc">When an emailed link was last used to start (or confirm) this session: the "recent sign-in" that viewing free-place notes needs.</param>
public sealed record OwnerSessionRecord(
    string OwnerKey,
    string SessionId,
    string Device,
    DateTimeOffset CreatedUtc,
    DateTimeOffset SignedInUtc,
    DateTimeOffset LastSeenUtc,
    DateTimeOffset AbsoluteExpiresUtc,
    DateTimeOffset? RevokedUtc = null)
{
    public bool IsRevoked => RevokedUtc is not null;
}

/// <summary>The console's server-side sessions: one partition per owner, one row per device.</summary>
public interface IOwnerSessionStore
{
    Task AddAsync(OwnerSessionRecord session, CancellationToken cancellationToken);

    Task<OwnerSessionRecord?> FindAsync(string ownerKey, string sessionId, CancellationToken cancellationToken);

    /// <summary>Every session row of the owner, revoked and expired ones included.</summary>
    Task<IReadOnlyList<OwnerSessionRecord>> ListAsync(string ownerKey, CancellationToken cancellationToken);

    /// <summary>Moves last-seen forward; writes nothing else, so it never undoes a revocation made meanwhile.</summary>
    Task TouchAsync(string ownerKey, string sessionId, DateTimeOffset lastSeenUtc, CancellationToken cancellationToken);

    /// <summary>Marks the sessions revoked (rows are kept until retention removes them); unknown ids are ignored.</summary>
    Task RevokeAsync(string ownerKey, IReadOnlyCollection<string> sessionIds, DateTimeOffset revokedUtc, CancellationToken cancellationToken);
}
