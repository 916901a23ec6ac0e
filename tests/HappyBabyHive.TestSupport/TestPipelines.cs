using HappyBabyHive.Concurrency;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.Registry;
using Polly.Retry;

namespace HappyBabyHive.TestSupport;

/// <summary>The app's concurrency retry policy for unit tests: the same key and exception, no backoff, few retries.</summary>
public static class TestPipelines
{
    /// <param name="retries">Retries after the first attempt before <see cref="ConcurrencyConflictException"/> reaches the caller.</param>
    public static ResiliencePipelineProvider<string> Concurrency(int retries = 4) =>
        new ServiceCollection()
            .AddResiliencePipeline(ConcurrencyRetry.PipelineKey, builder => builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<ConcurrencyConflictException>(),
                MaxRetryAttempts = retries,
                Delay = TimeSpan.Zero,
            }))
            .BuildServiceProvider()
            .GetRequiredService<ResiliencePipelineProvider<string>>();
}
