using System.Collections.Concurrent;
using HappyBabyHive.OwnerConsole.SignIn;

namespace HappyBabyHive.Tests.OwnerConsole;

/// <summary>The session store as a dictionary, with the Table store's semantics (merge of one property, unknown ids ignored).</summary>
internal sealed class InMemoryOwnerSessionStore : IOwnerSessionStore
{
    private readonly ConcurrentDictionary<(string OwnerKey, string SessionId), OwnerSessionRecord> rows = new();

    public int Touches { get; private set; }

    public IReadOnlyCollection<OwnerSessionRecord> Rows => rows.Values.ToList();

    public void Add(OwnerSessionRecord session) => rows[(session.OwnerKey, session.SessionId)] = session;

    public Task AddAsync(OwnerSessionRecord session, CancellationToken cancellationToken)
    {
        Add(session);
        return Task.CompletedTask;
    }

    public Task<OwnerSessionRecord?> FindAsync(string ownerKey, string sessionId, CancellationToken cancellationToken) =>
        Task.FromResult(rows.GetValueOrDefault((ownerKey, sessionId)));

    public Task<IReadOnlyList<OwnerSessionRecord>> ListAsync(string ownerKey, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<OwnerSessionRecord>>(rows.Values.Where(r => r.OwnerKey == ownerKey).ToList());

    public Task TouchAsync(string ownerKey, string sessionId, DateTimeOffset lastSeenUtc, CancellationToken cancellationToken)
    {
        Touches++;
        if (rows.TryGetValue((ownerKey, sessionId), out var row))
        {
            rows[(ownerKey, sessionId)] = row with { LastSeenUtc = lastSeenUtc };
        }

        return Task.CompletedTask;
    }

    public Task RevokeAsync(string ownerKey, IReadOnlyCollection<string> sessionIds, DateTimeOffset revokedUtc, CancellationToken cancellationToken)
    {
        foreach (var id in sessionIds)
        {
            if (rows.TryGetValue((ownerKey, id), out var row))
            {
                rows[(ownerKey, id)] = row with { RevokedUtc = revokedUtc };
            }
        }

        return Task.CompletedTask;
    }
}
