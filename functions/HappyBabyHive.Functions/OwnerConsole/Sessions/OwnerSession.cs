namespace HappyBabyHive.OwnerConsole.Sessions;

/// <summary>
/// A signed-in owner on one device. <see cref="CsrfToken"/> goes in a hidden field of every console form; a POST
/// without it (or with another session's) is refused.
/// </summary>
public sealed record OwnerSession(string SessionId, string OwnerKey, DateTimeOffset ExpiresUtc, string CsrfToken);

public enum SessionCheck
{
    Valid,
    Missing,
    Malformed,
    BadSignature,
    Expired,

    /// <summary>Genuine and unexpired, but the address it was issued to is no longer an owner's.</summary>
    NotAnOwner,
}
