using System.Diagnostics;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using HappyBabyHive.LocalRunner.Hosting;
using HappyBabyHive.LocalRunner.Triggers.Admin;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HappyBabyHive.LocalRunner.Triggers.Queues;

/// <summary>
/// Polls one queue for one function the way the Functions host's queue listener does: batches of batchSize, a new
/// batch once no more than newBatchThreshold are still running, exponential back-off up to maxPollingInterval while
/// the queue is empty, delete on success, retry after visibilityTimeout on failure, and after maxDequeueCount
/// deliveries the message moves to <c>{queue}-poison</c>.
/// </summary>
internal sealed partial class QueueTriggerListener : IOnDemandTrigger
{
    private static readonly TimeSpan FirstPollingInterval = TimeSpan.FromMilliseconds(100);

    // The host leases a message for 10 minutes and keeps renewing it while the function runs; locally a function
    // never runs that long (functionTimeout is 5 minutes), so one lease covers it.
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    private readonly QueueFunction function;
    private readonly QueueClient queue;
    private readonly QueueClient poison;
    private readonly QueueTriggerSettings settings;
    private readonly IServiceScopeFactory scopes;
    private readonly ILogger logger;

    public QueueTriggerListener(QueueFunction function, QueueServiceClient service, QueueTriggerSettings settings, IServiceScopeFactory scopes, ILogger logger)
    {
        this.function = function;
        queue = service.GetQueueClient(function.QueueName);
        poison = service.GetQueueClient(function.QueueName + QueueConnections.PoisonSuffix);
        this.settings = settings;
        this.scopes = scopes;
        this.logger = logger;
    }

    public string FunctionName => function.Invoker.Function.Name;

    public async Task ListenAsync(CancellationToken stoppingToken)
    {
        if (!await EnsureQueuesAsync(stoppingToken))
        {
            return;
        }

        LogListening(logger, FunctionName, queue.Name, settings.BatchSize, settings.MaxDequeueCount);
        var running = new List<Task>();
        var idle = FirstPollingInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            running.RemoveAll(t => t.IsCompleted);
            if (running.Count > settings.NewBatchThreshold)
            {
                await Task.WhenAny(running);
                continue;
            }

            QueueMessage[] batch;
            try
            {
                batch = (await queue.ReceiveMessagesAsync(settings.BatchSize, Lease, stoppingToken)).Value;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogUnreachable(logger, FunctionName, queue.Name, e.GetType().Name, settings.MaxPollingInterval);
                await PauseAsync(settings.MaxPollingInterval, stoppingToken);
                continue;
            }

            if (batch.Length == 0)
            {
                await PauseAsync(idle, stoppingToken);
                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, settings.MaxPollingInterval.Ticks));
                continue;
            }

            idle = FirstPollingInterval;
            foreach (var message in batch)
            {
                running.Add(Task.Run(() => ProcessAsync(message, stoppingToken), CancellationToken.None));
            }
        }

        // Let what is running finish (it sees the cancelled token) before the host stops.
        await Task.WhenAll(running);
    }

    public async Task RunAsync(string? input, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var message = QueuesModelFactory.QueueMessage(
            messageId: Guid.NewGuid().ToString(),
            popReceipt: string.Empty,
            body: BinaryData.FromString(input ?? string.Empty),
            dequeueCount: 1,
            insertedOn: now,
            expiresOn: now.AddDays(7));
        await using var scope = scopes.CreateAsyncScope();
        await function.Invoker.InvokeAsync(scope.ServiceProvider, message, cancellationToken);
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        var started = Stopwatch.GetTimestamp();
        Exception? failure = null;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await function.Invoker.InvokeAsync(scope.ServiceProvider, message, stoppingToken);
        }
        catch (Exception e)
        {
            failure = e;
        }

        // Settling uses no cancellation token: once the function has run, its outcome must reach the queue.
        try
        {
            if (failure is null)
            {
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
                var elapsed = Stopwatch.GetElapsedTime(started);
                LogProcessed(logger, FunctionName, message.MessageId, message.DequeueCount, elapsed.TotalMilliseconds);
                return;
            }

            if (failure is OperationCanceledException && stoppingToken.IsCancellationRequested)
            {
                // Stopped mid-run: hand the message straight back rather than count it as a failure.
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, (BinaryData?)null, TimeSpan.Zero, CancellationToken.None);
                LogReleased(logger, FunctionName, message.MessageId);
            }
            else if (message.DequeueCount >= settings.MaxDequeueCount)
            {
                await poison.SendMessageAsync(message.Body, cancellationToken: CancellationToken.None);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
                LogPoisoned(logger, FunctionName, message.MessageId, message.DequeueCount, failure.GetType().Name, poison.Name);
            }
            else
            {
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, (BinaryData?)null, settings.VisibilityTimeout, CancellationToken.None);
                LogRetrying(logger, FunctionName, message.MessageId, message.DequeueCount, settings.MaxDequeueCount, failure.GetType(), new AppFrames(failure, function.Invoker.Function.Method.DeclaringType!), settings.VisibilityTimeout);
            }
        }
        catch (Exception e)
        {
            LogSettleFailed(logger, FunctionName, message.MessageId, e.GetType().Name);
        }
    }

    private async Task<bool> EnsureQueuesAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                await poison.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                return true;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception e)
            {
                LogUnreachable(logger, FunctionName, queue.Name, e.GetType().Name, settings.MaxPollingInterval);
                await PauseAsync(settings.MaxPollingInterval, stoppingToken);
            }
        }

        return false;
    }

    // Real time on purpose: tests may replace the app's TimeProvider with a fake one, which must not stall polling.
    private static async Task PauseAsync(TimeSpan delay, CancellationToken stoppingToken) =>
        await Task.Delay(delay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

    // Message bodies and exception messages stay out of these logs: either can carry personal data.
    [LoggerMessage(Level = LogLevel.Information, Message = "{Function} listens on queue {Queue} (batch {BatchSize}, max {MaxDequeueCount} deliveries)")]
    private static partial void LogListening(ILogger logger, string function, string queue, int batchSize, int maxDequeueCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Function} processed message {MessageId} (delivery {DequeueCount}) in {ElapsedMs:0} ms")]
    private static partial void LogProcessed(ILogger logger, string function, string messageId, long dequeueCount, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function} failed on message {MessageId}, delivery {DequeueCount} of {MaxDequeueCount} ({ExceptionType} at {Where}); retrying after {VisibilityTimeout}")]
    private static partial void LogRetrying(ILogger logger, string function, string messageId, long dequeueCount, int maxDequeueCount, Type exceptionType, AppFrames where, TimeSpan visibilityTimeout);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Function} failed on message {MessageId}, delivery {DequeueCount}, its last ({ExceptionType}); moved to {PoisonQueue}")]
    private static partial void LogPoisoned(ILogger logger, string function, string messageId, long dequeueCount, string exceptionType, string poisonQueue);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Function} was stopped during message {MessageId}; it is back on the queue")]
    private static partial void LogReleased(ILogger logger, string function, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function} could not settle message {MessageId} ({ErrorType}); it becomes visible again when its lease ends")]
    private static partial void LogSettleFailed(ILogger logger, string function, string messageId, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function} cannot reach queue {Queue} ({ErrorType}); trying again in {RetryIn}")]
    private static partial void LogUnreachable(ILogger logger, string function, string queue, string errorType, TimeSpan retryIn);
}
