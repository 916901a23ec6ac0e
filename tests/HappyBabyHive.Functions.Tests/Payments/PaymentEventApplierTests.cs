using HappyBabyHive.Payments.Webhooks;
using HappyBabyHive.TestSupport.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace HappyBabyHive.Tests.Payments;

/// <summary>Stored events reach the handler once; failures and deferrals leave them for the queue's retry and the sweep.</summary>
public sealed class PaymentEventApplierTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider clock = new(Now);
    private readonly InMemoryPaymentEvents events = new();
    private readonly Mock<IPaymentEventHandler> handler = new(MockBehavior.Strict);

    [Fact]
    public async Task A_stored_event_is_handed_to_the_handler_and_marked_applied_and_a_duplicate_message_does_nothing()
    {
        var paymentEvent = await StoreAsync("evt_1");
        handler.Setup(h => h.HandleAsync(paymentEvent, It.IsAny<CancellationToken>())).ReturnsAsync(PaymentEventHandling.Applied);

        var first = await Applier().ApplyAsync("evt_1", default);
        var second = await Applier().ApplyAsync("evt_1", default);

        Assert.Equal((ApplyResult.Applied, ApplyResult.AlreadyApplied), (first, second));
        handler.Verify(h => h.HandleAsync(paymentEvent, It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal(Now, (await events.GetAsync("evt_1", default))!.AppliedUtc);
    }

    [Fact]
    public async Task A_handler_that_throws_releases_the_event_so_the_retry_applies_it()
    {
        var paymentEvent = await StoreAsync("evt_2");
        handler.SetupSequence(h => h.HandleAsync(paymentEvent, It.IsAny<CancellationToken>()))
            .ThrowsAsync(new TimeoutException("storage slow"))
            .ReturnsAsync(PaymentEventHandling.Applied);

        await Assert.ThrowsAsync<TimeoutException>(() => Applier().ApplyAsync("evt_2", default));
        var retried = await Applier().ApplyAsync("evt_2", default);

        Assert.Equal(ApplyResult.Applied, retried);
    }

    [Fact]
    public async Task A_deferred_event_stays_unapplied_for_the_sweep()
    {
        var paymentEvent = await StoreAsync("evt_3");
        handler.Setup(h => h.HandleAsync(paymentEvent, It.IsAny<CancellationToken>())).ReturnsAsync(PaymentEventHandling.RetryLater);

        Assert.Equal(ApplyResult.Deferred, await Applier().ApplyAsync("evt_3", default));

        Assert.Null((await events.GetAsync("evt_3", default))!.AppliedUtc);
        clock.Advance(PaymentEventSweeper.Grace + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await Sweeper().SweepAsync(default));
    }

    [Fact]
    public async Task An_event_being_applied_elsewhere_is_left_alone_until_that_claim_lapses()
    {
        await StoreAsync("evt_4");
        Assert.IsType<PaymentEventClaim.Claimed>(await events.ClaimAsync("evt_4", Now, Now + PaymentEventApplier.ClaimFor, default)); // an applier that then dies

        var whileHeld = await Applier().ApplyAsync("evt_4", default);
        clock.Advance(PaymentEventApplier.ClaimFor + TimeSpan.FromSeconds(1));
        handler.Setup(h => h.HandleAsync(It.IsAny<PaymentEvent>(), It.IsAny<CancellationToken>())).ReturnsAsync(PaymentEventHandling.Applied);
        var afterLapse = await Applier().ApplyAsync("evt_4", default);

        Assert.Equal((ApplyResult.HeldElsewhere, ApplyResult.Applied), (whileHeld, afterLapse));
    }

    [Fact]
    public async Task A_message_for_an_event_never_stored_is_a_no_op()
    {
        Assert.Equal(ApplyResult.NotFound, await Applier().ApplyAsync("evt_never", default));
    }

    [Fact]
    public async Task The_sweep_resends_only_events_unapplied_past_the_grace_and_not_claimed()
    {
        await StoreAsync("evt_old");
        await StoreAsync("evt_done");
        await StoreAsync("evt_claimed");
        clock.Advance(PaymentEventSweeper.Grace + TimeSpan.FromSeconds(1));
        await StoreAsync("evt_new");
        handler.Setup(h => h.HandleAsync(It.IsAny<PaymentEvent>(), It.IsAny<CancellationToken>())).ReturnsAsync(PaymentEventHandling.Applied);
        await Applier().ApplyAsync("evt_done", default);
        await events.ClaimAsync("evt_claimed", clock.GetUtcNow(), clock.GetUtcNow() + PaymentEventApplier.ClaimFor, default);
        while (events.Enqueued.TryDequeue(out _))
        {
        }

        Assert.Equal(1, await Sweeper().SweepAsync(default));

        Assert.Equal(["evt_old"], events.Enqueued);
    }

    private async Task<PaymentEvent> StoreAsync(string id)
    {
        var paymentEvent = new PaymentEvent(id, PaymentEventType.CheckoutCompleted, clock.GetUtcNow(), "massage-2027-01", "HBH-7Q2K", "cs_test_1", "pi_1", 6000, 0, true);
        Assert.True(await events.TryAddAsync(paymentEvent, clock.GetUtcNow(), default));
        return paymentEvent;
    }

    private PaymentEventApplier Applier() => new(events, handler.Object, clock, NullLogger<PaymentEventApplier>.Instance);

    private PaymentEventSweeper Sweeper() => new(events, events, clock, NullLogger<PaymentEventSweeper>.Instance);
}
