using System.Collections.Concurrent;
using HappyBabyHive.LocalRunner.Triggers.Queues;
using HappyBabyHive.LocalRunner.Triggers.Timers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HappyBabyHive.LocalRunner.Triggers.Admin;

/// <summary>
/// Every timer and queue function by name, to run now: awaited (<see cref="RunAsync"/>, for tests) or in the
/// background (<see cref="Start"/>, for the admin endpoint). Background runs finish before the host stops.
/// </summary>
internal sealed partial class OnDemandTriggers : IHostedService
{
    private readonly Dictionary<string, IOnDemandTrigger> triggers;
    private readonly ConcurrentDictionary<Task, byte> background = new();
    private readonly IHostApplicationLifetime lifetime;
    private readonly ILogger logger;

    public OnDemandTriggers(QueueTriggerService queues, TimerTriggerService timers, IHostApplicationLifetime lifetime, ILogger<OnDemandTriggers> logger)
    {
        triggers = queues.Listeners.Cast<IOnDemandTrigger>().Concat(timers.Timers).ToDictionary(t => t.FunctionName, StringComparer.OrdinalIgnoreCase);
        this.lifetime = lifetime;
        this.logger = logger;
    }

    public IOnDemandTrigger? Find(string functionName) => triggers.GetValueOrDefault(functionName);

    public Task RunAsync(string functionName, string? input, CancellationToken cancellationToken)
    {
        var trigger = Find(functionName)
            ?? throw new ArgumentException($"There is no timer or queue function named '{functionName}'. Known: {string.Join(", ", triggers.Keys)}.", nameof(functionName));
        LogRunning(logger, trigger.FunctionName);
        return trigger.RunAsync(input, cancellationToken);
    }

    /// <summary>Starts a run and returns at once, as the host's admin API does (202 Accepted).</summary>
    public void Start(IOnDemandTrigger trigger, string? input)
    {
        LogRunning(logger, trigger.FunctionName);
        var run = Task.Run(async () =>
        {
            try
            {
                await trigger.RunAsync(input, lifetime.ApplicationStopping);
            }
            catch (Exception e)
            {
                LogFailed(logger, trigger.FunctionName, e.GetType().Name);
            }
        });
        background.TryAdd(run, 0);
        run.ContinueWith(t => background.TryRemove(t, out _), TaskScheduler.Default);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(background.Keys).WaitAsync(cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Running {Function} on demand")]
    private static partial void LogRunning(ILogger logger, string function);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The on-demand run of {Function} failed ({ExceptionType})")]
    private static partial void LogFailed(ILogger logger, string function, string exceptionType);
}
