using System.Security.Cryptography;
using System.Text;
using HappyBabyHive.OwnerConsole.SignIn;
using Microsoft.AspNetCore.Http;

namespace HappyBabyHive.OwnerConsole.Sessions;

/// <summary>One of the owner's signed-in devices, as the devices page lists it.</summary>
/// <param name="Handle">Names the session in the page's sign-out form without revealing its id (the cookie's secret).</param>
public sealed record SignedInDevice(string Handle, string Device, DateTimeOffset SignedInUtc, DateTimeOffset LastSeenUtc, bool IsThisDevice);

/// <summary>
/// The console's sessions as the browser meets them: the cookie (<see cref="OwnerSessionCookie"/>) names a stored
/// session (<see cref="OwnerSessions"/>), and both must agree for a request to be signed in. Signing out revokes the
/// stored session, so the cookie stops working everywhere it was copied, not only in the browser that signed out.
/// </summary>
public sealed class ConsoleSessions(OwnerSessionCookie cookies, OwnerSessions sessions)
{
    /// <summary>Starts a session for the owner (an emailed link was just used) and sets its cookie.</summary>
    public async Task<OwnerSession> SignInAsync(HttpRequest request, string ownerEmail, CancellationToken cancellationToken)
    {
        var started = await sessions.StartAsync(cookies.OwnerKey(ownerEmail), request.Headers.UserAgent.ToString(), cancellationToken);

        // A fresh link used in a browser that was already signed in replaces that session: one row per device.
        if (cookies.Read(request).Session is { } previous && previous.OwnerKey == started.OwnerKey)
        {
            await sessions.SignOutAsync(previous.OwnerKey, previous.SessionId, cancellationToken);
        }

        return cookies.Issue(request, started);
    }

    /// <summary>The signed-in owner, or why not: the cookie is checked first (no storage read for a forged one), then its stored session.</summary>
    public async Task<(SessionCheck Check, OwnerSession? Session)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (check, session) = cookies.Read(request);
        if (session is null)
        {
            return (check, null);
        }

        var (stored, record) = await sessions.CheckAsync(session.OwnerKey, session.SessionId, cancellationToken);
        return stored switch
        {
            StoredSessionCheck.Valid => (SessionCheck.Valid, session with { SignedInUtc = record!.SignedInUtc }),
            StoredSessionCheck.Revoked => (SessionCheck.Revoked, null),
            StoredSessionCheck.IdleTimedOut => (SessionCheck.IdleTimedOut, null),
            StoredSessionCheck.Expired => (SessionCheck.Expired, null),
            _ => (SessionCheck.Unknown, null),
        };
    }

    public bool IsRecentSignIn(OwnerSession session) => sessions.IsRecentSignIn(session.SignedInUtc);

    /// <summary>The address of the signed-in owner (to send her a fresh sign-in link); null if it is no longer an owner's.</summary>
    public string? OwnerEmail(OwnerSession session) => cookies.OwnerEmail(session.OwnerKey);

    /// <summary>Signs this device out: the stored session is revoked and the cookie removed.</summary>
    public async Task SignOutAsync(HttpRequest request, OwnerSession session, CancellationToken cancellationToken)
    {
        await sessions.SignOutAsync(session.OwnerKey, session.SessionId, cancellationToken);
        OwnerSessionCookie.Clear(request);
    }

    /// <summary>Signs every device out, this one included.</summary>
    public async Task SignOutEverywhereAsync(HttpRequest request, OwnerSession session, CancellationToken cancellationToken)
    {
        await sessions.SignOutEverywhereAsync(session.OwnerKey, cancellationToken);
        OwnerSessionCookie.Clear(request);
    }

    public async Task<IReadOnlyList<SignedInDevice>> DevicesAsync(OwnerSession session, CancellationToken cancellationToken) =>
        (await sessions.ListActiveAsync(session.OwnerKey, cancellationToken))
            .Select(s => new SignedInDevice(Handle(s.SessionId), s.Device, s.SignedInUtc, s.LastSeenUtc, s.SessionId == session.SessionId))
            .ToList();

    /// <summary>Signs out the device the devices page named by <paramref name="handle"/>; true when it was this device.</summary>
    /// <returns>Null when no signed-in device has that handle (already signed out, or a made-up value).</returns>
    public async Task<bool?> SignOutDeviceAsync(HttpRequest request, OwnerSession session, string? handle, CancellationToken cancellationToken)
    {
        var target = (await sessions.ListActiveAsync(session.OwnerKey, cancellationToken))
            .FirstOrDefault(s => handle is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Handle(s.SessionId)), Encoding.ASCII.GetBytes(handle)));
        if (target is null)
        {
            return null;
        }

        await sessions.SignOutAsync(session.OwnerKey, target.SessionId, cancellationToken);
        var thisDevice = target.SessionId == session.SessionId;
        if (thisDevice)
        {
            OwnerSessionCookie.Clear(request);
        }

        return thisDevice;
    }

    // A one-way name for a session: the page can show and post it, but it cannot be turned back into the id.
    private static string Handle(string sessionId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes("device\n" + sessionId)))[..20];
}
