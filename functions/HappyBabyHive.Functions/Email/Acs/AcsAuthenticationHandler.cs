namespace HappyBabyHive.Email.Acs;

/// <summary>Adds the authentication headers to one ACS request: an Entra ID bearer token or an HMAC signature.</summary>
public interface IAcsRequestAuthenticator
{
    /// <summary>Sets (replacing any earlier value) the auth headers. Called again for every retry of the same request.</summary>
    ValueTask AuthenticateAsync(HttpRequestMessage request, CancellationToken cancellationToken);
}

/// <summary>
/// Authenticates every attempt. It is added to the HttpClient AFTER the standard resilience handler, so it sits inside
/// the retry loop (IHttpClientFactory nests handlers in the order they are added, the first outermost): each retry
/// re-signs with a fresh x-ms-date, or picks up a refreshed token, instead of resending stale headers.
/// </summary>
internal sealed class AcsAuthenticationHandler(IAcsRequestAuthenticator authenticator) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await authenticator.AuthenticateAsync(request, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}
