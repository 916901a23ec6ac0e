using Cronos;
using HappyBabyHive.LocalRunner.Hosting;
using HappyBabyHive.LocalRunner.Metadata;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HappyBabyHive.LocalRunner.Triggers.Timers;

/// <summary>Runs one <see cref="TimerTrigger"/> per timerTrigger function.</summary>
internal sealed class TimerTriggerService : BackgroundService
{
    public TimerTriggerService(IEnumerable<TimerFunction> functions, TimeProvider time, IServiceScopeFactory scopes, ILogger<TimerTrigger> logger)
    {
        Timers = functions.Select(f => new TimerTrigger(f, time, scopes, logger)).ToList();
    }

    public IReadOnlyList<TimerTrigger> Timers { get; }

    public static IReadOnlyList<TimerFunction> Plan(IEnumerable<LocalFunction> functions, IConfiguration configuration, ICollection<string> problems)
    {
        var planned = new List<TimerFunction>();
        foreach (var function in functions.Where(f => f.Kind == TriggerKind.Timer))
        {
            var schedule = RunnerConfiguration.ResolveBindingExpression(configuration, function.Trigger.Schedule ?? string.Empty, out var missing);
            if (missing is not null || string.IsNullOrWhiteSpace(schedule))
            {
                problems.Add($"{function.Name}: the schedule '{function.Trigger.Schedule}' needs app setting '{missing}'.");
                continue;
            }

            CronExpression cron;
            try
            {
                // NCRONTAB as the Functions host reads it: six fields, seconds first.
                cron = CronExpression.Parse(schedule, CronFormat.IncludeSeconds);
            }
            catch (CronFormatException e)
            {
                problems.Add($"{function.Name}: schedule '{schedule}' is not a six-field NCRONTAB expression ({e.Message}).");
                continue;
            }

            if (FunctionInvoker<TimerInfo>.Create(function, p => Bind(function, p), problems) is { } invoker)
            {
                planned.Add(new TimerFunction(invoker, cron, schedule, function.Trigger.RunOnStartup));
            }
        }

        return planned;
    }

    public override void Dispose()
    {
        foreach (var timer in Timers)
        {
            timer.Dispose();
        }

        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Timers.Select(t => t.ScheduleAsync(stoppingToken)));

    private static ArgumentSource<TimerInfo>? Bind(LocalFunction function, System.Reflection.ParameterInfo parameter)
    {
        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return (_, cancellationToken) => cancellationToken;
        }

        return parameter.ParameterType == typeof(TimerInfo) && parameter.Name == function.Trigger.Name
            ? (timer, _) => timer
            : null;
    }
}
