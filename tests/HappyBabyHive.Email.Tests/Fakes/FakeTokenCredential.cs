using System.Collections.Concurrent;
using Azure.Core;

namespace HappyBabyHive.Email.Tests.Fakes;

/// <summary>Issues <see cref="FakeAcsServer.BearerToken"/> and records the scopes each call asked for.</summary>
public sealed class FakeTokenCredential(TimeProvider? time = null, TimeSpan? lifetime = null) : TokenCredential
{
    private readonly ConcurrentQueue<string[]> requests = new();

    public IReadOnlyList<string[]> Requests => [.. requests];

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        requests.Enqueue(requestContext.Scopes);
        return new AccessToken(FakeAcsServer.BearerToken, (time ?? TimeProvider.System).GetUtcNow() + (lifetime ?? TimeSpan.FromHours(1)));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
