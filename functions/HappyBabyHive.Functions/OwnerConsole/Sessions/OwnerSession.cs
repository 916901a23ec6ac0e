namespace HappyBabyHive.OwnerConsole.Sessions;

/// <summary>
/// A signed-in owner on one device. <see cref="CsrfToken"/> goes in a hidden field of every console form; a POST
/// without it (or with another session's) is refused.
/// </summary>
public sealed record OwnerSession(string SessionId, string OwnerKey, DateTimeOffset ExpiresUtc, string CsrfToken)
{
    /// <summary>When an emailed link last signed this session in (from its stored row; see OwnerSessions.IsRecentSignIn).</summary>
    public DateTimeOffset SignedInUtc { get; init; }
}

public enum SessionCheck
{
    Valid,
    Missing,
    Malformed,
    BadSignature,
    Expired,

    /// <summary>Genuine and unexpired, but the address it was issued to is no longer an owner's.</summary>
    NotAnOwner,

    /// <summary>The cookie is genuine but its stored session was signed out (here, from another device, or everywhere).</summary>
    Revoked,

    /// <summary>The cookie is genuine but its stored session was unused for longer than the idle timeout.</summary>
    IdleTimedOut,

    /// <summary>The cookie is genuine but no stored session has its id (removed by retention, or never stored).</summary>
    Unknown,
}
