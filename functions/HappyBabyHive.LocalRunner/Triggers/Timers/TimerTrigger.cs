using System.Diagnostics;
using Cronos;
using HappyBabyHive.LocalRunner.Hosting;
using HappyBabyHive.LocalRunner.Triggers.Admin;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HappyBabyHive.LocalRunner.Triggers.Timers;

/// <summary>A timerTrigger function with its NCRONTAB schedule parsed.</summary>
internal sealed record TimerFunction(FunctionInvoker<TimerInfo> Invoker, CronExpression Schedule, string ScheduleText, bool RunOnStartup);

/// <summary>
/// Runs one timer function at each occurrence of its schedule (UTC, as WEBSITE_TIME_ZONE is unset), timed by the
/// app's TimeProvider so a test with a fake clock decides when it fires. Runs of one timer never overlap: a run that
/// is due, or asked for on demand, waits for the one in progress.
/// </summary>
internal sealed partial class TimerTrigger(TimerFunction function, TimeProvider time, IServiceScopeFactory scopes, ILogger logger) : IOnDemandTrigger, IDisposable
{
    // Task.Delay cannot wait longer than about 49 days, so a long wait is taken in steps.
    private static readonly TimeSpan LongestDelay = TimeSpan.FromDays(1);

    private readonly SemaphoreSlim gate = new(1, 1);
    private DateTime last;

    public string FunctionName => function.Invoker.Function.Name;

    public async Task ScheduleAsync(CancellationToken stoppingToken)
    {
        if (function.RunOnStartup)
        {
            await RunLoggedAsync("startup", stoppingToken);
        }

        var logged = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (Next(time.GetUtcNow()) is not { } due)
            {
                return;
            }

            if (!logged)
            {
                LogScheduled(logger, FunctionName, function.ScheduleText, due);
                logged = true;
            }

            if (!await WaitUntilAsync(due, stoppingToken))
            {
                return;
            }

            await RunLoggedAsync("schedule", stoppingToken);
        }
    }

    public Task RunAsync(string? input, CancellationToken cancellationToken) => RunExclusiveAsync("on demand", cancellationToken);

    public void Dispose() => gate.Dispose();

    private DateTimeOffset? Next(DateTimeOffset after) => function.Schedule.GetNextOccurrence(after, TimeZoneInfo.Utc);

    private async Task<bool> WaitUntilAsync(DateTimeOffset due, CancellationToken stoppingToken)
    {
        while (true)
        {
            var remaining = due - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return true;
            }

            await Task.Delay(remaining < LongestDelay ? remaining : LongestDelay, time, stoppingToken)
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stoppingToken.IsCancellationRequested)
            {
                return false;
            }
        }
    }

    private async Task RunLoggedAsync(string reason, CancellationToken stoppingToken)
    {
        try
        {
            await RunExclusiveAsync(reason, stoppingToken);
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; nothing to report.
        }
        catch (Exception)
        {
            // RunExclusiveAsync has logged it; the next occurrence runs as usual, as in the Functions host.
        }
    }

    private async Task RunExclusiveAsync(string reason, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var now = time.GetUtcNow();
        try
        {
            var timer = new TimerInfo
            {
                IsPastDue = false,
                ScheduleStatus = new ScheduleStatus
                {
                    Last = last,
                    Next = Next(now)?.UtcDateTime ?? DateTime.MaxValue,
                    LastUpdated = now.UtcDateTime,
                },
            };
            await using var scope = scopes.CreateAsyncScope();
            await function.Invoker.InvokeAsync(scope.ServiceProvider, timer, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);
            LogRan(logger, FunctionName, reason, elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            LogFailed(logger, FunctionName, reason, e.GetType(), new AppFrames(e, function.Invoker.Function.Method.DeclaringType!));
            throw;
        }
        finally
        {
            last = now.UtcDateTime;
            gate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Function} runs on schedule '{Schedule}' (UTC); next at {Next:u}")]
    private static partial void LogScheduled(ILogger logger, string function, string schedule, DateTimeOffset next);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Function} ran ({Reason}) in {ElapsedMs:0} ms")]
    private static partial void LogRan(ILogger logger, string function, string reason, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Function} threw {ExceptionType} ({Reason}) at {Where}")]
    private static partial void LogFailed(ILogger logger, string function, string reason, Type exceptionType, AppFrames where);
}
