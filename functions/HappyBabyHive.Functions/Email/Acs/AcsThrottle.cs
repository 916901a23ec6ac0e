using System.Net;

namespace HappyBabyHive.Email.Acs;

/// <summary>
/// Remembers, for this process, until when ACS asked us to stop sending. ACS counts rejected requests against its
/// window too, so while a long Retry-After runs every other queued email is deferred without calling ACS at all.
/// </summary>
public sealed class AcsThrottle(TimeProvider time)
{
    /// <summary>Used when a 429 comes without a usable Retry-After.</summary>
    public static readonly TimeSpan DefaultDelay = TimeSpan.FromMinutes(1);

    private long untilUtcTicks;

    /// <summary>How much longer ACS asked us to wait, or null when sending is allowed.</summary>
    public TimeSpan? Remaining()
    {
        var left = Interlocked.Read(ref untilUtcTicks) - time.GetUtcNow().UtcTicks;
        return left > 0 ? TimeSpan.FromTicks(left) : null;
    }

    /// <summary>Holds sends back for <paramref name="delay"/> from now, unless an earlier call asked for longer.</summary>
    public void HoldFor(TimeSpan delay)
    {
        var until = (time.GetUtcNow() + delay).UtcTicks;
        var seen = Interlocked.Read(ref untilUtcTicks);
        while (until > seen)
        {
            var previous = Interlocked.CompareExchange(ref untilUtcTicks, until, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    /// <summary>The Retry-After of a response (seconds or an HTTP date), or null when it has none.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        var header = response.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        return delay is { } d ? (d < TimeSpan.Zero ? TimeSpan.Zero : d) : null;
    }

    /// <summary>
    /// A 429 that should not be waited out in process: its Retry-After is longer than <paramref name="maxInProcess"/>,
    /// or missing (then we cannot know, and retrying blind would spend quota).
    /// </summary>
    public static bool IsLongThrottle(HttpResponseMessage response, TimeSpan maxInProcess, TimeProvider time) =>
        response.StatusCode == HttpStatusCode.TooManyRequests && (RetryAfter(response, time) is not { } wait || wait > maxInProcess);
}
