using System.Reflection;
using System.Text.Json;
using Azure.Storage.Queues.Models;
using HappyBabyHive.LocalRunner.Hosting;
using HappyBabyHive.LocalRunner.Metadata;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HappyBabyHive.LocalRunner.Triggers.Queues;

/// <summary>A queueTrigger function with its queue name resolved.</summary>
internal sealed record QueueFunction(FunctionInvoker<QueueMessage> Invoker, string QueueName, string? Connection);

/// <summary>Runs one <see cref="QueueTriggerListener"/> per queueTrigger function.</summary>
internal sealed class QueueTriggerService : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly string[] FrameworkNamespaces = ["System", "Microsoft", "Azure"];

    public QueueTriggerService(
        IEnumerable<QueueFunction> functions, QueueConnections connections, HostJson hostJson, IServiceScopeFactory scopes, ILogger<QueueTriggerListener> logger)
    {
        Listeners = functions
            .Select(f => new QueueTriggerListener(f, connections.Get(f.Connection), hostJson.Queues, scopes, logger))
            .ToList();
    }

    public IReadOnlyList<QueueTriggerListener> Listeners { get; }

    public static IReadOnlyList<QueueFunction> Plan(IEnumerable<LocalFunction> functions, IConfiguration configuration, ICollection<string> problems)
    {
        var planned = new List<QueueFunction>();
        foreach (var function in functions.Where(f => f.Kind == TriggerKind.Queue))
        {
            var queueName = RunnerConfiguration.ResolveBindingExpression(configuration, function.Trigger.QueueName ?? string.Empty, out var missing);
            if (missing is not null || string.IsNullOrWhiteSpace(queueName))
            {
                problems.Add($"{function.Name}: the queue name '{function.Trigger.QueueName}' needs app setting '{missing}'.");
                continue;
            }

            if (QueueConnections.Problem(configuration, function.Trigger.Connection) is { } connectionProblem)
            {
                problems.Add($"{function.Name}: {connectionProblem}");
                continue;
            }

            if (FunctionInvoker<QueueMessage>.Create(function, p => Bind(function, p), problems) is { } invoker)
            {
                planned.Add(new QueueFunction(invoker, queueName, function.Trigger.Connection));
            }
        }

        return planned;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Listeners.Select(l => l.ListenAsync(stoppingToken)));

    private static ArgumentSource<QueueMessage>? Bind(LocalFunction function, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (type == typeof(CancellationToken))
        {
            return (_, cancellationToken) => cancellationToken;
        }

        if (parameter.Name != function.Trigger.Name)
        {
            return null;
        }

        if (type == typeof(QueueMessage))
        {
            return (message, _) => message;
        }

        if (type == typeof(string))
        {
            return (message, _) => message.Body.ToString();
        }

        if (type == typeof(BinaryData))
        {
            return (message, _) => message.Body;
        }

        if (type == typeof(byte[]))
        {
            return (message, _) => message.Body.ToArray();
        }

        if (IsPoco(type))
        {
            // A body that is not valid JSON throws here, which counts as a failed delivery, as in the worker.
            return (message, _) => JsonSerializer.Deserialize(message.Body.ToMemory().Span, type, Json);
        }

        return null;
    }

    /// <summary>An app-defined class, record or struct; framework types (FunctionContext, TimerInfo, ...) are not message shapes.</summary>
    private static bool IsPoco(Type type) =>
        !type.IsAbstract && !type.IsInterface && !type.IsPrimitive && !type.IsEnum && !type.IsPointer && !type.IsByRef &&
        !FrameworkNamespaces.Any(root => type.Namespace == root || type.Namespace?.StartsWith(root + ".", StringComparison.Ordinal) == true);
}
