using Azure.Storage.Queues.Models;
using HappyBabyHive.Functions;
using HappyBabyHive.Outbox;
using HappyBabyHive.Telemetry;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Moq;

namespace HappyBabyHive.Tests.Functions;

public sealed class OutboxFunctionsTests
{
    [Fact]
    public async Task The_queue_function_hands_the_message_and_its_dequeue_count_to_the_outbox()
    {
        var processor = new Mock<IOutboxProcessor>();
        var message = QueuesModelFactory.QueueMessage("id", "pop", """{"table":"Bookings","partitionKey":"massage-x","rowKey":"outbox|K7M3-Q9XP|booking-confirmed"}""", dequeueCount: 3);

        await new OutboxEmailQueue(processor.Object, Poison()).SendEmail(message, CancellationToken.None);

        processor.Verify(p => p.ProcessAsync(new OutboxMessage("Bookings", "massage-x", "outbox|K7M3-Q9XP|booking-confirmed"), 3, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_message_that_is_not_an_outbox_pointer_fails_so_it_ends_in_the_poison_queue()
    {
        var processor = new Mock<IOutboxProcessor>(MockBehavior.Strict);
        var message = QueuesModelFactory.QueueMessage("id", "pop", "not json", dequeueCount: 1);

        await Assert.ThrowsAsync<InvalidOutboxMessageException>(() => new OutboxEmailQueue(processor.Object, Poison()).SendEmail(message, CancellationToken.None));
    }

    [Theory]
    [InlineData("not json parent@example.co.uk")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("""{"to":"parent@example.co.uk","subject":"wrong schema"}""")]
    [InlineData("""{"table":"Bookings","partitionKey":"","rowKey":"outbox|x"}""")]
    [InlineData("""{"table":"Bookings","partitionKey":"course","rowKey":null}""")]
    public async Task A_malformed_message_is_refused_without_quoting_it(string body)
    {
        var processor = new Mock<IOutboxProcessor>(MockBehavior.Strict);
        var message = QueuesModelFactory.QueueMessage("id", "pop", body, dequeueCount: 1);

        var refused = await Assert.ThrowsAsync<InvalidOutboxMessageException>(() => new OutboxEmailQueue(processor.Object, Poison()).SendEmail(message, CancellationToken.None));

        Assert.DoesNotContain("@", refused.Message, StringComparison.Ordinal);
        Assert.Null(refused.InnerException);
    }

    [Theory]
    [InlineData(4, false)]
    [InlineData(5, true)]
    public async Task The_last_failed_delivery_logs_the_poison_alert_event_with_ids_only(long dequeueCount, bool logged)
    {
        var processor = new Mock<IOutboxProcessor>();
        processor.Setup(p => p.ProcessAsync(It.IsAny<OutboxMessage>(), It.IsAny<long>(), It.IsAny<CancellationToken>())).ThrowsAsync(new InvalidOperationException("parent@example.co.uk"));
        var log = new CollectingLogger();
        var message = QueuesModelFactory.QueueMessage("message-1", "pop", """{"table":"OwnerSignIns","partitionKey":"p","rowKey":"r"}""", dequeueCount: dequeueCount);

        await Assert.ThrowsAsync<InvalidOperationException>(() => new OutboxEmailQueue(processor.Object, Poison(log)).SendOwnerEmail(message, CancellationToken.None));

        var entries = log.Entries.Where(e => e.EventId.Id == AlertEvents.QueueMessagePoisonedId).ToList();
        Assert.Equal(logged ? 1 : 0, entries.Count);
        if (logged)
        {
            Assert.Equal((LogLevel.Error, AlertEvents.QueueMessagePoisoned), (entries[0].Level, entries[0].EventId.Name));
            Assert.Equal("Queue message message-1 on owner-emails failed (InvalidOperationException) on delivery 5, its last: it goes to the poison queue", entries[0].Message);
        }
    }

    [Fact]
    public async Task The_sweep_timer_runs_the_sweeper()
    {
        var sweeper = new Mock<IOutboxSweeper>();

        await new OutboxSweepTimer(sweeper.Object).SweepOutbox(new TimerInfo(), CancellationToken.None);

        sweeper.Verify(s => s.SweepAsync(It.IsAny<CancellationToken>()), Times.Once);
    }

    private static PoisonWatch Poison(ILogger<PoisonWatch>? logger = null) =>
        new(Microsoft.Extensions.Options.Options.Create(new OutboxOptions()), logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<PoisonWatch>.Instance);
}

internal sealed class CollectingLogger : ILogger<PoisonWatch>, ILogger<OutboxSweeper>
{
    public List<(LogLevel Level, EventId EventId, string Message)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Add((logLevel, eventId, formatter(state, exception)));
}
