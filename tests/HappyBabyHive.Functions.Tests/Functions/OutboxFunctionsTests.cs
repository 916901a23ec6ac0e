using Azure.Storage.Queues.Models;
using HappyBabyHive.Functions;
using HappyBabyHive.Outbox;
using Microsoft.Azure.Functions.Worker;
using Moq;

namespace HappyBabyHive.Tests.Functions;

public sealed class OutboxFunctionsTests
{
    [Fact]
    public async Task The_queue_function_hands_the_message_and_its_dequeue_count_to_the_outbox()
    {
        var processor = new Mock<IOutboxProcessor>();
        var message = QueuesModelFactory.QueueMessage("id", "pop", """{"table":"Bookings","partitionKey":"massage-x","rowKey":"outbox|K7M3-Q9XP|booking-confirmed"}""", dequeueCount: 3);

        await new EmailQueueFunctions(processor.Object).SendEmail(message, CancellationToken.None);

        processor.Verify(p => p.ProcessAsync(new OutboxMessage("Bookings", "massage-x", "outbox|K7M3-Q9XP|booking-confirmed"), 3, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_message_that_is_not_an_outbox_pointer_fails_so_it_ends_in_the_poison_queue()
    {
        var processor = new Mock<IOutboxProcessor>(MockBehavior.Strict);
        var message = QueuesModelFactory.QueueMessage("id", "pop", "not json", dequeueCount: 1);

        await Assert.ThrowsAsync<InvalidOutboxMessageException>(() => new EmailQueueFunctions(processor.Object).SendEmail(message, CancellationToken.None));
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

        var refused = await Assert.ThrowsAsync<InvalidOutboxMessageException>(() => new EmailQueueFunctions(processor.Object).SendEmail(message, CancellationToken.None));

        Assert.DoesNotContain("@", refused.Message, StringComparison.Ordinal);
        Assert.Null(refused.InnerException);
    }

    [Fact]
    public async Task The_sweep_timer_runs_the_sweeper()
    {
        var sweeper = new Mock<IOutboxSweeper>();

        await new OutboxSweepTimer(sweeper.Object).SweepOutbox(new TimerInfo(), CancellationToken.None);

        sweeper.Verify(s => s.SweepAsync(It.IsAny<CancellationToken>()), Times.Once);
    }
}
