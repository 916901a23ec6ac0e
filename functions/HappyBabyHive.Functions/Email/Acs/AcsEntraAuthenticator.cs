using System.Net.Http.Headers;
using Azure.Core;

namespace HappyBabyHive.Email.Acs;

/// <summary>
/// Microsoft Entra ID bearer tokens for scope <see cref="AcsOptions.EntraScope"/>. ManagedIdentityCredential caches its
/// tokens, but not every credential in DefaultAzureCredential's chain does (the Azure CLI one runs a process each time),
/// so the current token is kept here until five minutes before it expires, as Azure.Core's bearer policy does.
/// </summary>
internal sealed class AcsEntraAuthenticator(TokenCredential credential, TimeProvider time) : IAcsRequestAuthenticator
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private static readonly TokenRequestContext Scope = new([AcsOptions.EntraScope]);

    private sealed record CachedToken(string Value, DateTimeOffset RefreshAt);

    // Swapped whole, so readers never see a torn value. Two sends racing at expiry may both fetch: harmless.
    private volatile CachedToken? cached;

    public async ValueTask AuthenticateAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await GetTokenAsync(cancellationToken));
    }

    private async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (cached is { } token && time.GetUtcNow() < token.RefreshAt)
        {
            return token.Value;
        }

        var fresh = await credential.GetTokenAsync(Scope, cancellationToken);
        var refreshAt = fresh.RefreshOn is { } refreshOn && refreshOn < fresh.ExpiresOn ? refreshOn : fresh.ExpiresOn - RefreshMargin;
        cached = new CachedToken(fresh.Token, refreshAt);
        return fresh.Token;
    }
}
