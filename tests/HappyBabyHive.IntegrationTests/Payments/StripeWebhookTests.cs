using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using HappyBabyHive.Functions;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.LocalRunner.Stripe;
using HappyBabyHive.Payments;
using HappyBabyHive.Payments.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace HappyBabyHive.IntegrationTests.Payments;

/// <summary>
/// Issue 16's webhook path on real Azurite: a payment made at the local fake Stripe API (through the real gateway and
/// Stripe.net), its event signed as Stripe signs it, received by the function, stored once in the Payments table, put on
/// the stripe-events queue, and applied once by the queue function; forged and stale deliveries store nothing; a crash
/// between receipt and apply is recovered by the sweep.
/// </summary>
public sealed class StripeWebhookTests(EmulatorFixture emulators) : PaidAppTests(emulators)
{
    private readonly CountingHandler handler = new();
    protected override void ReplaceServices(IServiceCollection services) => services.Replace(ServiceDescriptor.Singleton<IPaymentEventHandler>(handler));

    [Fact]
    public async Task A_paid_checkout_is_stored_once_and_applied_once_however_often_Stripe_delivers_it()
    {
        var payload = await PayAsync("HBH-PAID");

        var first = await DeliverAsync(payload, Sign(payload));
        var again = await DeliverAsync(payload, Sign(payload)); // Stripe retries, or sends twice
        Assert.Equal((200, 200), (first, again));
        var row = Assert.Single(await RowsAsync());
        Assert.Equal(("HBH-PAID", "CheckoutCompleted", false), (row.GetString("Reference"), row.GetString("Type"), row.GetBoolean("Applied")));
        Assert.Equal(1, await CountAsync(Queue));

        var message = Assert.Single((await Queue.ReceiveMessagesAsync(32)).Value);
        await Function().ApplyStripeEvent(message, CancellationToken.None);
        await Function().ApplyStripeEvent(message, CancellationToken.None); // the same message delivered twice

        var applied = Assert.Single(handler.Handled);
        Assert.Equal(("HBH-PAID", 6000L, true), (applied.Reference, applied.AmountPence, applied.Paid));
        Assert.StartsWith("pi_", applied.PaymentIntentId, StringComparison.Ordinal);
        Assert.True(Assert.Single(await RowsAsync()).GetBoolean("Applied"));
    }

    [Fact]
    public async Task Forged_and_stale_deliveries_are_refused_with_400_and_store_nothing()
    {
        var payload = await PayAsync("HBH-FORGED");

        var forged = await DeliverAsync(payload, StripeWebhookSender.SignatureHeader(payload, "whsec_not_ours", Clock.GetUtcNow()));
        var stale = await DeliverAsync(payload, StripeWebhookSender.SignatureHeader(payload, FakeStripeApi.WebhookSecret, Clock.GetUtcNow().AddMinutes(-6)));
        var unsigned = await DeliverAsync(payload, signature: null);

        Assert.Equal((400, 400, 400), (forged, stale, unsigned));
        Assert.Empty(await RowsAsync());
        Assert.Equal(0, await CountAsync(Queue));
    }

    [Fact]
    public async Task An_event_stored_but_never_applied_because_of_a_crash_is_applied_after_the_sweep()
    {
        var payload = await PayAsync("HBH-CRASH");
        Assert.Equal(200, await DeliverAsync(payload, Sign(payload)));
        await Queue.ClearMessagesAsync(); // the process died before the message was sent (or the message was lost)

        var tooSoon = await App.Get<PaymentEventSweeper>().SweepAsync(CancellationToken.None);
        Clock.Advance(PaymentEventSweeper.Grace + TimeSpan.FromSeconds(1));
        var swept = await App.Get<PaymentEventSweeper>().SweepAsync(CancellationToken.None);
        var message = Assert.Single((await Queue.ReceiveMessagesAsync(32)).Value);
        await Function().ApplyStripeEvent(message, CancellationToken.None);
        var afterApply = await App.Get<PaymentEventSweeper>().SweepAsync(CancellationToken.None);

        Assert.Equal((0, 1, 0), (tooSoon, swept, afterApply));
        Assert.Equal("HBH-CRASH", Assert.Single(handler.Handled).Reference);
    }

    [Fact]
    public async Task An_abandoned_checkout_and_a_refund_arrive_as_events_the_booking_flow_can_act_on()
    {
        var gateway = App.Get<IPaymentGateway>();
        var abandoned = Assert.IsType<CheckoutOutcome.Created>(await gateway.CreateCheckoutSessionAsync(new CheckoutRequest("massage-test", "HBH-GONE", "Baby massage", 6000), default)).Session;
        var expired = Stripe.ExpireByClock(abandoned.Id);
        var (paidSession, paid) = await PaySessionAsync("HBH-REFUND");
        var paymentIntent = (string)Stripe.Session(paidSession)["payment_intent"]!;
        Assert.IsType<RefundOutcome.Refunded>(await gateway.RefundAsync(new RefundRequest(paymentIntent, 6000, PaymentIdempotencyKeys.Refund("massage-test", "HBH-REFUND", "cancelled")), default));
        var refunded = Stripe.ChargeRefundedEvent(paymentIntent);

        foreach (var payload in new[] { expired, paid, refunded })
        {
            Assert.Equal(200, await DeliverAsync(payload, Sign(payload)));
        }

        foreach (var message in (await Queue.ReceiveMessagesAsync(32)).Value)
        {
            await Function().ApplyStripeEvent(message, CancellationToken.None);
        }

        Assert.Equal(
            [(PaymentEventType.CheckoutCompleted, "HBH-REFUND"), (PaymentEventType.CheckoutExpired, "HBH-GONE"), (PaymentEventType.ChargeRefunded, "HBH-REFUND")],
            handler.Handled.Select(e => (e.Type, e.Reference)).Order());
        Assert.Equal(6000, handler.Handled.Single(e => e.Type == PaymentEventType.ChargeRefunded).RefundedPence);
    }

    private QueueClient Queue => App.Get<QueueServiceClient>().GetQueueClient(App.Storage.StripeEventQueue);

    private StripeEventQueue Function() => new(App.Get<PaymentEventApplier>(), App.Get<PoisonWatch>());

    private string Sign(string payload) => StripeWebhookSender.SignatureHeader(payload, FakeStripeApi.WebhookSecret, Clock.GetUtcNow());

    /// <summary>A checkout made through the app's gateway at the fake Stripe, then paid there: the event Stripe would send.</summary>
    private async Task<string> PayAsync(string reference) => (await PaySessionAsync(reference)).Payload;

    private async Task<(string SessionId, string Payload)> PaySessionAsync(string reference)
    {
        var created = await App.Get<IPaymentGateway>().CreateCheckoutSessionAsync(new CheckoutRequest("massage-test", reference, "Baby massage", 6000), default);
        var session = Assert.IsType<CheckoutOutcome.Created>(created).Session.Id;
        return (session, Stripe.Complete(session));
    }

    /// <summary>The HTTP function called as the host calls it, with the raw body and header Stripe sends.</summary>
    private async Task<int> DeliverAsync(string payload, string? signature)
    {
        var context = new DefaultHttpContext { RequestServices = App.Provider };
        var bytes = Encoding.UTF8.GetBytes(payload);
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json; charset=utf-8";
        context.Request.ContentLength = bytes.Length;
        context.Request.Body = new MemoryStream(bytes);
        if (signature is not null)
        {
            context.Request.Headers[PublicStripeWebhookHttp.SignatureHeader] = signature;
        }

        var result = await new PublicStripeWebhookHttp(App.Get<StripeWebhookReceiver>()).ReceiveStripeWebhook(context.Request, CancellationToken.None);
        return ((ObjectResult)result).StatusCode ?? 200;
    }

    private async Task<List<TableEntity>> RowsAsync()
    {
        var rows = new List<TableEntity>();
        await foreach (var row in App.Get<TableServiceClient>().GetTableClient(App.Storage.PaymentsTable).QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }

    private static async Task<int> CountAsync(QueueClient queue) => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;

    private sealed class CountingHandler : IPaymentEventHandler
    {
        private readonly List<PaymentEvent> handled = [];

        public IReadOnlyList<PaymentEvent> Handled
        {
            get
            {
                lock (handled)
                {
                    return [.. handled];
                }
            }
        }

        public Task<PaymentEventHandling> HandleAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken)
        {
            lock (handled)
            {
                handled.Add(paymentEvent);
            }

            return Task.FromResult(PaymentEventHandling.Applied);
        }
    }
}
