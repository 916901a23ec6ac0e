using HappyBabyHive.Time;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Registry;
using Polly.Retry;
using Polly.Telemetry;

namespace HappyBabyHive.Concurrency;

/// <summary>Another writer changed the row we read; re-read and try again.</summary>
public sealed class ConcurrencyConflictException : Exception
{
    public ConcurrencyConflictException()
        : base("The row changed since it was read.")
    {
    }

    public ConcurrencyConflictException(Exception inner)
        : base("The row changed since it was read.", inner)
    {
    }
}

/// <summary>
/// The app's one retry policy for optimistic (ETag-guarded) read-modify-writes that lost a race. Registered once in
/// DI; every service that re-reads and retries runs its attempt through <see cref="Get"/>. Azure.Core already retries
/// transient storage faults (timeouts, 5xx), so this handles only <see cref="ConcurrencyConflictException"/>.
/// When retries run out the exception reaches the caller, which answers "busy" (503), never a 500.
/// </summary>
public static class ConcurrencyRetry
{
    public const string PipelineKey = "storage-concurrency";

    /// <summary>Retries with short jittered backoff, so many parents booking one course at once all get through.</summary>
    public static ResiliencePipelineBuilder Configure(ResiliencePipelineBuilder builder) => builder
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<ConcurrencyConflictException>(),
            MaxRetryAttempts = 40,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromMilliseconds(10),
            MaxDelay = TimeSpan.FromMilliseconds(250),
            UseJitter = true,
        });

    public static IServiceCollection AddConcurrencyRetry(this IServiceCollection services) =>
        services.AddResiliencePipeline(PipelineKey, (builder, context) =>
        {
            // Unit tests swap in TestPipelines.Concurrency(), which doesn't wait at all.
            builder.TimeProvider = BackoffClock.Machine;

            // AddResiliencePipeline logs every execution with its result's ToString(), and our results carry what
            // people typed (a decline message, a course). No log lines here: the services log "gave up" themselves,
            // without personal data. Polly's metrics stay, with the result reduced to its type.
            builder.ConfigureTelemetry(new TelemetryOptions
            {
                LoggerFactory = NullLoggerFactory.Instance,
                ResultFormatter = (_, result) => result?.GetType().Name,
            });
            Configure(builder);
        });

    public static ResiliencePipeline Get(this ResiliencePipelineProvider<string> pipelines) => pipelines.GetPipeline(PipelineKey);
}
