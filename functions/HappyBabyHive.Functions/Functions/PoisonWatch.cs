using Azure.Storage.Queues.Models;
using HappyBabyHive.Outbox;
using HappyBabyHive.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Functions;

/// <summary>
/// Wraps a queue function's work: when the last allowed delivery (host.json maxDequeueCount) fails, logs
/// <see cref="AlertEvents.QueueMessagePoisoned"/> with the queue and message id only (messages carry no personal data,
/// but their ids are all an engineer needs), then lets the failure through so the host moves the message to poison.
/// </summary>
public sealed partial class PoisonWatch(IOptions<OutboxOptions> options, ILogger<PoisonWatch> logger)
{
    public async Task RunAsync(QueueMessage message, string queue, Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (Exception e) when (e is not OperationCanceledException && message.DequeueCount >= options.Value.MaxDequeueCount)
        {
            LogPoisoned(logger, queue, message.MessageId, message.DequeueCount, e.GetType().Name);
            throw;
        }
    }

    [LoggerMessage(EventId = AlertEvents.QueueMessagePoisonedId, EventName = AlertEvents.QueueMessagePoisoned, Level = LogLevel.Error,
        Message = "Queue message {MessageId} on {Queue} failed ({Error}) on delivery {DequeueCount}, its last: it goes to the poison queue")]
    private static partial void LogPoisoned(ILogger logger, string queue, string messageId, long dequeueCount, string error);
}
