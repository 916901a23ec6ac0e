using HappyBabyHive.Abuse;
using HappyBabyHive.Http;
using Microsoft.AspNetCore.Http;

namespace HappyBabyHive.OwnerConsole.Sessions;

/// <summary>
/// Limits sign-in <em>emails</em>, never the sign-in page: shared across instances (Table storage), strict per typed
/// address and client together, looser per client. Keyed on both, a flood from other addresses (the owner's address
/// typed by a script anywhere else) uses up only its own allowance, so the owner asking from her own connection is
/// never locked out. The same limits apply whether or not the address is an owner's, so they reveal nothing.
/// </summary>
public sealed class SignInRateLimiter(SharedLimits limits, PublicLimits subjects)
{
    /// <summary>
    /// Counts one sign-in email for this address from this client, or returns how long until one may be sent. Counted
    /// before the email is queued: asking is what costs the owner's email quota.
    /// </summary>
    public async Task<TimeSpan?> TryAcquireAsync(HttpRequest request, string email, CancellationToken cancellationToken)
    {
        var counted = subjects.SignInEmail(ClientAddress.Key(request), email);
        if (await limits.CheckAsync(counted, cancellationToken) is { } wait)
        {
            return wait;
        }

        await limits.CountAsync(counted, cancellationToken);
        return null;
    }
}
