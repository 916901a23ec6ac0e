using System.Collections.Concurrent;
using HappyBabyHive.Abuse;
using HappyBabyHive.Http;
using HappyBabyHive.Links;
using HappyBabyHive.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HappyBabyHive.Tests.Support;

/// <summary>The shared limits as one instance sees them, in memory (the Table store is tested against Azurite).</summary>
internal sealed class InMemoryLimitStore : ILimitStore
{
    private readonly ConcurrentDictionary<string, int> counts = new();
    private readonly ConcurrentDictionary<string, string> used = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> expiries = new();

    public bool Unavailable { get; set; }

    /// <summary>How many counts have been added, across every counter and window.</summary>
    public int TotalCounted => counts.Values.Sum();

    public Task<int> ReadAsync(string counter, DateTimeOffset windowStartUtc, CancellationToken cancellationToken) =>
        Unavailable ? throw new TimeoutException() : Task.FromResult(counts.GetValueOrDefault(counter + "@" + windowStartUtc.UtcTicks));

    /// <summary>How many rows the table would hold: a counter's windows and the used one-use ids.</summary>
    public int Rows => counts.Count + used.Count;

    public Task<int> IncrementAsync(string counter, DateTimeOffset windowStartUtc, DateTimeOffset expiresUtc, CancellationToken cancellationToken)
    {
        if (Unavailable)
        {
            throw new TimeoutException();
        }

        var key = counter + "@" + windowStartUtc.UtcTicks;
        expiries[key] = expiresUtc;
        return Task.FromResult(counts.AddOrUpdate(key, 1, (_, n) => n + 1));
    }

    public Task<int> DeleteExpiredAsync(DateTimeOffset expiredBeforeUtc, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var key in expiries.Where(e => e.Value < expiredBeforeUtc).Select(e => e.Key).ToList())
        {
            if (expiries.TryRemove(key, out _) && (counts.TryRemove(key, out _) || used.TryRemove(key, out _)))
            {
                deleted++;
            }
        }

        return Task.FromResult(deleted);
    }

    public Task<bool> TryUseOnceAsync(string id, string? requestKey, DateTimeOffset expiresUtc, CancellationToken cancellationToken)
    {
        if (Unavailable)
        {
            throw new TimeoutException();
        }

        if (used.TryAdd(id, requestKey ?? string.Empty))
        {
            expiries[id] = expiresUtc;
            return Task.FromResult(true);
        }

        return Task.FromResult(!string.IsNullOrEmpty(requestKey) && used[id] == requestKey);
    }
}

/// <summary>
/// Form tokens and shared limits on their own clock, for function tests: <see cref="Token"/> hands out a token that
/// is already old enough to post, as a person's would be.
/// </summary>
internal sealed class TestAbuse
{
    public TestAbuse(Action<AbuseOptions>? configure = null)
    {
        var options = new AbuseOptions();
        configure?.Invoke(options);
        Options = options;
        var links = Microsoft.Extensions.Options.Options.Create(new LinkOptions { SigningKey = TestSettings.SigningKey });
        Tokens = new FormTokens(links, Microsoft.Extensions.Options.Options.Create(options), Clock, Store);
        Limits = new SharedLimits(Store, Clock, NullLogger<SharedLimits>.Instance);
        Subjects = new PublicLimits(new LimitKeys(links), Microsoft.Extensions.Options.Options.Create(options));
        Guard = new PublicPostGuard(Tokens, Limits, Microsoft.Extensions.Options.Options.Create(options));
        Expired = new ExpiredLimits(Store, Clock);
    }

    public FakeTimeProvider Clock { get; } = TestClock.AtUtc(2026, 12, 1, 9, 0);

    public AbuseOptions Options { get; }

    public InMemoryLimitStore Store { get; } = new();

    public FormTokens Tokens { get; }

    public SharedLimits Limits { get; }

    public PublicLimits Subjects { get; }

    public PublicPostGuard Guard { get; }

    public ExpiredLimits Expired { get; }

    /// <summary>A token for the form, issued a little longer ago than the minimum fill time.</summary>
    public string Token(string form)
    {
        var token = Tokens.Issue(form);
        Clock.Advance(Options.MinimumFillTime + TimeSpan.FromSeconds(1));
        return token;
    }
}
