using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HappyBabyHive.Links;
using HappyBabyHive.OwnerConsole.SignIn;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.OwnerConsole.Sessions;

/// <summary>
/// The console's session cookie: a random session id, a keyed fingerprint of the owner's address and the session's
/// absolute expiry, signed with HMAC-SHA256. The cookie only names a session: <see cref="ConsoleSessions"/> then checks
/// its stored row (revoked, idle, expired), so signing out on the server ends it wherever the cookie is. The signature
/// still matters: a forged or altered cookie is refused before any storage is read, and
/// <list type="bullet">
/// <item>the signature uses only the current Links:SigningKey (never PreviousSigningKey), so rotating that key still
/// signs every device out at once;</item>
/// <item>removing an address from Owner:Emails ends its sessions, because the fingerprint must match a current owner.</item>
/// </list>
/// The key is derived from the signing key with HKDF and its own label (<see cref="SigningKeyUse.OwnerSession"/>), so no
/// MAC made here is valid anywhere else and no other signer's key can make one.
/// </summary>
public sealed class OwnerSessionCookie(IOptions<LinkOptions> links, OwnerAddresses owners, TimeProvider time)
{
    /// <summary>The __Secure- prefix makes browsers refuse the cookie unless it is Secure and set over HTTPS (or localhost).</summary>
    public const string Name = "__Secure-hbh-owner";

    private const string Purpose = "owner-session";

    private readonly Lazy<byte[]> sessionKey = new(() => SigningKeys.Derive(links.Value.SigningKey, SigningKeyUse.OwnerSession));

    /// <summary>Sets the cookie naming the stored session <paramref name="stored"/>; it lasts as long as the session's absolute lifetime.</summary>
    public OwnerSession Issue(HttpRequest request, OwnerSessionRecord stored)
    {
        var expires = DateTimeOffset.FromUnixTimeSeconds(stored.AbsoluteExpiresUtc.ToUnixTimeSeconds());
        var payload = Encoding.UTF8.GetBytes($"{Purpose}\n{stored.SessionId}\n{stored.OwnerKey}\n{expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}");
        var value = Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(Mac(payload));
        var maxAge = expires - time.GetUtcNow();
        request.HttpContext.Response.Cookies.Append(Name, value, CookieOptions(request, maxAge > TimeSpan.Zero ? maxAge : TimeSpan.Zero));
        return new OwnerSession(stored.SessionId, stored.OwnerKey, expires, Csrf(stored.SessionId)) { SignedInUtc = stored.SignedInUtc };
    }

    /// <summary>The owner address whose fingerprint is <paramref name="ownerKey"/>, when it is still an owner's.</summary>
    public string? OwnerEmail(string ownerKey) =>
        owners.All.FirstOrDefault(owner => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(OwnerKey(owner)), Encoding.ASCII.GetBytes(ownerKey)));

    public static void Clear(HttpRequest request) =>
        request.HttpContext.Response.Cookies.Delete(Name, CookieOptions(request, TimeSpan.Zero));

    public (SessionCheck Check, OwnerSession? Session) Read(HttpRequest request) =>
        Verify(request.Cookies.TryGetValue(Name, out var value) ? value : null);

    public (SessionCheck Check, OwnerSession? Session) Verify(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return (SessionCheck.Missing, null);
        }

        var parts = value.Split('.');
        if (parts.Length != 2 || !TryDecode(parts[0], out var payload) || !TryDecode(parts[1], out var signature))
        {
            return (SessionCheck.Malformed, null);
        }

        if (!CryptographicOperations.FixedTimeEquals(Mac(payload), signature))
        {
            return (SessionCheck.BadSignature, null);
        }

        var fields = Encoding.UTF8.GetString(payload).Split('\n');
        if (fields.Length != 4 || fields[0] != Purpose || !long.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var expiresUnix))
        {
            return (SessionCheck.Malformed, null);
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(expiresUnix);
        if (time.GetUtcNow() >= expires)
        {
            return (SessionCheck.Expired, null);
        }

        if (!owners.All.Any(owner => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(OwnerKey(owner)), Encoding.ASCII.GetBytes(fields[2]))))
        {
            return (SessionCheck.NotAnOwner, null);
        }

        return (SessionCheck.Valid, new OwnerSession(fields[1], fields[2], expires, Csrf(fields[1])));
    }

    /// <summary>True when the token posted with a form is this session's, compared in constant time.</summary>
    public static bool IsValidCsrfToken(OwnerSession session, string? posted) =>
        posted is not null &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(session.CsrfToken), Encoding.ASCII.GetBytes(posted));

    /// <summary>
    /// The cookie goes only to the console's own paths (the route prefix can differ between hosts, so it is taken from
    /// the request), only over HTTPS, never to scripts, and never with a request started by another site.
    /// </summary>
    private static CookieOptions CookieOptions(HttpRequest request, TimeSpan maxAge) => new()
    {
        HttpOnly = true,
        Secure = true,
        SameSite = SameSiteMode.Strict,
        Path = ConsolePaths.Base(request),
        MaxAge = maxAge,
        IsEssential = true,
    };

    // The session id is random and secret to the cookie, so a token derived from it cannot be guessed from outside.
    private string Csrf(string sessionId) => Base64Url.EncodeToString(Mac(Encoding.UTF8.GetBytes($"csrf\n{sessionId}")));

    /// <summary>The keyed fingerprint of an owner's address: the session rows' partition, and what the cookie carries.</summary>
    public string OwnerKey(string email) =>
        Convert.ToHexStringLower(Mac(Encoding.UTF8.GetBytes($"owner\n{OwnerAddresses.Normalise(email)}")))[..32];

    private byte[] Mac(byte[] data) => HMACSHA256.HashData(sessionKey.Value, data);

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || text.Length > 1024 || !Base64Url.IsValid(text))
        {
            return false;
        }

        bytes = Base64Url.DecodeFromChars(text);
        return true;
    }
}
