using Microsoft.Extensions.Logging;

namespace HappyBabyHive.Abuse;

/// <summary>One counter a post is measured against: the rule, and whose count (a keyed hash, see <see cref="LimitKeys"/>).</summary>
/// <param name="Name">The rule's name, in the counter's key and in logs (never the key itself).</param>
public sealed record LimitSubject(string Name, LimitRule Rule, string Key)
{
    public string Counter => Name + "-" + Key;
}

/// <summary>
/// Fixed-window limits shared by every instance (through <see cref="ILimitStore"/>). A post is checked before it is
/// acted on and counted only once it was accepted, so typos and refused posts never use up a family's allowance.
/// Check and count are separate, so a burst racing past the check can overshoot a limit by the number of posts in
/// flight at that moment; the next post is refused.
/// </summary>
/// <remarks>
/// Fails open: when the limits table can't be read or written, the post goes ahead (and the failure is logged). The
/// limits protect a quota and a course's places; refusing every family during a storage blip would do the attacker's
/// job for them, and the booking itself still needs storage, so a real outage answers 503 there.
/// </remarks>
public sealed partial class SharedLimits(ILimitStore store, TimeProvider time, ILogger<SharedLimits> logger)
{
    /// <summary>
    /// The longest a limit check or count may wait before failing open. Short, because when storage hangs the booking
    /// that follows waits its own bounded time too, and the family must hear 503 promptly, not after both.
    /// </summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(1);

    /// <summary>A token that gives up after <see cref="MaxWait"/> (or when the caller does).</summary>
    public static CancellationTokenSource Bounded(CancellationToken cancellationToken)
    {
        var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(MaxWait);
        return bounded;
    }

    /// <summary>How long until every subject is under its limit again; null when the post may go ahead.</summary>
    public async Task<TimeSpan?> CheckAsync(IReadOnlyList<LimitSubject> subjects, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        int[] counts;
        try
        {
            using var bounded = Bounded(cancellationToken);
            counts = await Task.WhenAll(subjects.Select(s => store.ReadAsync(s.Counter, WindowStart(now, s.Rule.Window), bounded.Token)));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogUnavailable(logger, "check", e.GetType().Name);
            return null;
        }

        TimeSpan? wait = null;
        for (var i = 0; i < subjects.Count; i++)
        {
            if (counts[i] < subjects[i].Rule.Permits)
            {
                continue;
            }

            LogLimited(logger, subjects[i].Name);
            var untilNextWindow = WindowStart(now, subjects[i].Rule.Window) + subjects[i].Rule.Window - now;
            wait = wait is { } longest && longest > untilNextWindow ? longest : untilNextWindow;
        }

        return wait;
    }

    /// <summary>Counts an accepted post against every subject.</summary>
    public async Task CountAsync(IReadOnlyList<LimitSubject> subjects, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            using var bounded = Bounded(cancellationToken);
            await Task.WhenAll(subjects.Select(s =>
            {
                var start = WindowStart(now, s.Rule.Window);
                return store.IncrementAsync(s.Counter, start, start + s.Rule.Window, bounded.Token);
            }));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogUnavailable(logger, "count", e.GetType().Name);
        }
    }

    /// <summary>Windows start at whole multiples of their length since 0001-01-01 UTC, so every instance agrees on them.</summary>
    public static DateTimeOffset WindowStart(DateTimeOffset now, TimeSpan window) =>
        new(now.UtcTicks - (now.UtcTicks % window.Ticks), TimeSpan.Zero);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shared limit {Limit} reached; the post was refused")]
    private static partial void LogLimited(ILogger logger, string limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shared limits unavailable for {Operation} ({Error}); failing open")]
    private static partial void LogUnavailable(ILogger logger, string operation, string error);
}
