using Polly;
using Polly.Retry;

namespace HappyBabyHive.Storage;

/// <summary>Another writer changed the row we read; re-read and try again.</summary>
public sealed class ConcurrencyConflictException : Exception
{
    public ConcurrencyConflictException()
        : base("The row changed since it was read.")
    {
    }
}

public static class ConcurrencyRetry
{
    /// <summary>
    /// Retries an optimistic (ETag-guarded) read-modify-write that lost a race, with short jittered backoff, so many
    /// parents booking one course at once all get through. Gives up by rethrowing <see cref="ConcurrencyConflictException"/>.
    /// </summary>
    public static ResiliencePipeline Create(TimeProvider time) => new ResiliencePipelineBuilder { TimeProvider = time }
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<ConcurrencyConflictException>(),
            MaxRetryAttempts = 40,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromMilliseconds(10),
            MaxDelay = TimeSpan.FromMilliseconds(250),
            UseJitter = true,
        })
        .Build();
}
