using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.OwnerConsole.SignIn;

/// <summary>Why a session is or is not usable, once its cookie was found genuine.</summary>
public enum StoredSessionCheck
{
    Valid,

    /// <summary>No row: never issued here, or removed by retention.</summary>
    Unknown,
    Revoked,
    IdleTimedOut,
    Expired,
}

/// <summary>
/// The console's sessions on the server: started when an emailed link is used, checked on every console request
/// (revoked, idle for too long, or past the absolute lifetime all end it), and ended by signing out on one device,
/// on another device from the devices page, or everywhere at once.
/// </summary>
public sealed partial class OwnerSessions(IOwnerSessionStore store, IOptions<OwnerConsoleOptions> options, TimeProvider time, ILogger<OwnerSessions> logger)
{
    /// <summary>A new session for the owner whose fingerprint is <paramref name="ownerKey"/>, signed in now.</summary>
    public async Task<OwnerSessionRecord> StartAsync(string ownerKey, string? userAgent, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var session = new OwnerSessionRecord(
            ownerKey,
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            DeviceLabel.From(userAgent),
            now,
            now,
            now,
            now + options.Value.SessionLifetime);
        await store.AddAsync(session, cancellationToken);
        var prefix = ShortId(session.SessionId);
        LogStarted(logger, prefix);
        return session;
    }

    /// <summary>
    /// Whether the session may be used now; when it may, last-seen is moved forward if it is older than the touch
    /// interval (so a page view writes at most once every few minutes).
    /// </summary>
    public async Task<(StoredSessionCheck Check, OwnerSessionRecord? Session)> CheckAsync(string ownerKey, string sessionId, CancellationToken cancellationToken)
    {
        var session = await store.FindAsync(ownerKey, sessionId, cancellationToken);
        var now = time.GetUtcNow();
        var check = session switch
        {
            null => StoredSessionCheck.Unknown,
            { IsRevoked: true } => StoredSessionCheck.Revoked,
            _ when now >= session.AbsoluteExpiresUtc => StoredSessionCheck.Expired,
            _ when now - session.LastSeenUtc >= options.Value.SessionIdleTimeout => StoredSessionCheck.IdleTimedOut,
            _ => StoredSessionCheck.Valid,
        };
        if (check != StoredSessionCheck.Valid)
        {
            return (check, null);
        }

        if (now - session!.LastSeenUtc >= options.Value.SessionTouchInterval)
        {
            await store.TouchAsync(ownerKey, sessionId, now, cancellationToken);
            session = session with { LastSeenUtc = now };
        }

        return (check, session);
    }

    /// <summary>True when the session was started (or confirmed) with an emailed link within the recent-sign-in window.</summary>
    public bool IsRecentSignIn(DateTimeOffset signedInUtc) => time.GetUtcNow() - signedInUtc < options.Value.RecentSignInWindow;

    /// <summary>The owner's sessions still in use (not revoked, not timed out), most recently used first.</summary>
    public async Task<IReadOnlyList<OwnerSessionRecord>> ListActiveAsync(string ownerKey, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return (await store.ListAsync(ownerKey, cancellationToken))
            .Where(s => !s.IsRevoked && now < s.AbsoluteExpiresUtc && now - s.LastSeenUtc < options.Value.SessionIdleTimeout)
            .OrderByDescending(s => s.LastSeenUtc)
            .ToList();
    }

    public async Task SignOutAsync(string ownerKey, string sessionId, CancellationToken cancellationToken)
    {
        await store.RevokeAsync(ownerKey, [sessionId], time.GetUtcNow(), cancellationToken);
        var prefix = ShortId(sessionId);
        LogSignedOut(logger, prefix);
    }

    /// <summary>Revokes every session of the owner, this one included; returns how many were still in use.</summary>
    public async Task<int> SignOutEverywhereAsync(string ownerKey, CancellationToken cancellationToken)
    {
        // Every unrevoked row, expired ones too: revoking costs nothing and leaves no row that a clock change could revive.
        var open = (await store.ListAsync(ownerKey, cancellationToken)).Where(s => !s.IsRevoked).Select(s => s.SessionId).ToList();
        await store.RevokeAsync(ownerKey, open, time.GetUtcNow(), cancellationToken);
        LogSignedOutEverywhere(logger, open.Count);
        return open.Count;
    }

    // The session id is the cookie's secret: logs carry only its first characters, enough to follow one session.
    private static string ShortId(string sessionId) => sessionId[..Math.Min(8, sessionId.Length)];

    [LoggerMessage(Level = LogLevel.Information, Message = "Console session {SessionPrefix} started")]
    private static partial void LogStarted(ILogger logger, string sessionPrefix);

    [LoggerMessage(Level = LogLevel.Information, Message = "Console session {SessionPrefix} signed out")]
    private static partial void LogSignedOut(ILogger logger, string sessionPrefix);

    [LoggerMessage(Level = LogLevel.Information, Message = "Signed out everywhere: {Count} console sessions revoked")]
    private static partial void LogSignedOutEverywhere(ILogger logger, int count);
}
