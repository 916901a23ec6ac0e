using System.Net;
using System.Net.Http.Headers;
using HappyBabyHive.Email.Acs;
using Microsoft.Extensions.Time.Testing;

namespace HappyBabyHive.Email.Tests.Acs;

public sealed class AcsThrottleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private static HttpResponseMessage Response(HttpStatusCode status, RetryConditionHeaderValue? retryAfter = null)
    {
        var response = new HttpResponseMessage(status);
        response.Headers.RetryAfter = retryAfter;
        return response;
    }

    [Fact]
    public void Retry_after_is_read_as_seconds_or_as_a_date()
    {
        var time = new FakeTimeProvider(Now);
        using var seconds = Response(HttpStatusCode.TooManyRequests, new RetryConditionHeaderValue(TimeSpan.FromSeconds(90)));
        using var date = Response(HttpStatusCode.TooManyRequests, new RetryConditionHeaderValue(Now.AddMinutes(10)));
        using var past = Response(HttpStatusCode.TooManyRequests, new RetryConditionHeaderValue(Now.AddMinutes(-1)));
        using var none = Response(HttpStatusCode.TooManyRequests);

        Assert.Equal(TimeSpan.FromSeconds(90), AcsThrottle.RetryAfter(seconds, time));
        Assert.Equal(TimeSpan.FromMinutes(10), AcsThrottle.RetryAfter(date, time));
        Assert.Equal(TimeSpan.Zero, AcsThrottle.RetryAfter(past, time));
        Assert.Null(AcsThrottle.RetryAfter(none, time));
    }

    [Fact]
    public void Only_a_429_longer_than_the_limit_or_without_retry_after_is_a_long_throttle()
    {
        var time = new FakeTimeProvider(Now);
        var limit = TimeSpan.FromSeconds(5);
        using var shortWait = Response(HttpStatusCode.TooManyRequests, new RetryConditionHeaderValue(TimeSpan.FromSeconds(5)));
        using var longWait = Response(HttpStatusCode.TooManyRequests, new RetryConditionHeaderValue(TimeSpan.FromSeconds(6)));
        using var noWait = Response(HttpStatusCode.TooManyRequests);
        using var unavailable = Response(HttpStatusCode.ServiceUnavailable, new RetryConditionHeaderValue(TimeSpan.FromHours(1)));

        Assert.False(AcsThrottle.IsLongThrottle(shortWait, limit, time));
        Assert.True(AcsThrottle.IsLongThrottle(longWait, limit, time));
        Assert.True(AcsThrottle.IsLongThrottle(noWait, limit, time));
        Assert.False(AcsThrottle.IsLongThrottle(unavailable, limit, time));
    }

    [Fact]
    public void A_hold_counts_down_and_a_shorter_one_never_shortens_it()
    {
        var time = new FakeTimeProvider(Now);
        var throttle = new AcsThrottle(time);
        Assert.Null(throttle.Remaining());

        throttle.HoldFor(TimeSpan.FromMinutes(10));
        throttle.HoldFor(TimeSpan.FromMinutes(1));
        time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(TimeSpan.FromMinutes(6), throttle.Remaining());

        time.Advance(TimeSpan.FromMinutes(6));
        Assert.Null(throttle.Remaining());
    }
}
