using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Http;

public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimit";

    /// <summary>Form posts allowed per client address per window. A family filling in a form needs a handful.</summary>
    public int PermitsPerWindow { get; set; } = 10;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Per-client limits for the public form endpoints. Limits are per instance (in memory): enough to blunt a script
/// hammering one instance; Azure's front end protects the platform itself.
/// </summary>
public sealed class ClientRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter;
    private readonly TimeSpan window;

    public ClientRateLimiter(IOptions<RateLimitOptions> options)
    {
        window = options.Value.Window;
        var permits = options.Value.PermitsPerWindow;
        limiter = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(
            client,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true }));
    }

    /// <summary>Returns how long to wait when the client is over its limit, or null when the request may go ahead.</summary>
    public TimeSpan? TryAcquire(HttpRequest request)
    {
        using var lease = limiter.AttemptAcquire(ClientAddress(request));
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : window;
    }

    /// <summary>
    /// The client's address. Behind Azure's front end the real address is the last X-Forwarded-For entry (the one the
    /// front end appended); earlier entries come from the client and can be forged.
    /// </summary>
    public static string ClientAddress(HttpRequest request)
    {
        var forwarded = request.Headers["X-Forwarded-For"].ToString();
        if (!string.IsNullOrWhiteSpace(forwarded))
        {
            var last = forwarded.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            if (!string.IsNullOrEmpty(last))
            {
                return WithoutPort(last);
            }
        }

        return request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    // Azure's front end may append "address:port"; the port changes per connection, so it must not split the limit.
    private static string WithoutPort(string address)
    {
        if (address.StartsWith('['))
        {
            var end = address.IndexOf(']', StringComparison.Ordinal);
            return end > 0 ? address[1..end] : address;
        }

        return address.Count(c => c == ':') == 1 ? address[..address.IndexOf(':', StringComparison.Ordinal)] : address;
    }

    public void Dispose() => limiter.Dispose();
}
