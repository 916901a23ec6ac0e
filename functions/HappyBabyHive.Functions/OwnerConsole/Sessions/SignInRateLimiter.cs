using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using HappyBabyHive.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.OwnerConsole.Sessions;

/// <summary>
/// Limits sign-in requests per client and per address typed (owner or not, so the limit itself reveals nothing). In
/// memory, per instance: enough to stop a script flooding the owner's inbox or probing addresses quickly.
/// </summary>
public sealed class SignInRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> perClient;
    private readonly PartitionedRateLimiter<string> perAddress;
    private readonly TimeSpan window;

    public SignInRateLimiter(IOptions<OwnerConsoleOptions> options)
    {
        window = options.Value.SignInWindow;
        perClient = Create(options.Value.SignInAttemptsPerClient, window);
        perAddress = Create(options.Value.SignInAttemptsPerAddress, window);
    }

    /// <summary>How long to wait when either limit is reached; null when the request may go ahead.</summary>
    public TimeSpan? TryAcquire(HttpRequest request, string? email)
    {
        using var client = perClient.AttemptAcquire(ClientRateLimiter.ClientAddress(request));
        if (!client.IsAcquired)
        {
            return RetryAfter(client);
        }

        // Keyed by a hash, so the limiter's memory never holds addresses people typed.
        var addressKey = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(OwnerAddresses.Normalise(email))));
        using var address = perAddress.AttemptAcquire(addressKey);
        return address.IsAcquired ? null : RetryAfter(address);
    }

    private TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : window;

    private static PartitionedRateLimiter<string> Create(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(
            key,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true }));

    public void Dispose()
    {
        perClient.Dispose();
        perAddress.Dispose();
    }
}
