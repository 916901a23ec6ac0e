using System.Text.Json.Nodes;
using HappyBabyHive.Payments;
using HappyBabyHive.Payments.Webhooks;
using HappyBabyHive.TestSupport.Fakes;
using HappyBabyHive.LocalRunner.Stripe;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HappyBabyHive.Tests.Payments;

/// <summary>Webhook receipt: Stripe's signature scheme (signed by the independent test sender), stored once, enqueued once.</summary>
public sealed class StripeWebhookReceiverTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider clock = new(Now);
    private readonly InMemoryPaymentEvents events = new();

    [Fact]
    public async Task A_correctly_signed_completed_checkout_is_stored_with_its_booking_facts_and_enqueued()
    {
        var payload = CompletedEvent("evt_1Paid", out _);

        var receipt = await Receiver().ReceiveAsync(payload, Sign(payload, Now), default);

        Assert.Equal(new WebhookReceipt.Stored("evt_1Paid"), receipt);
        var stored = await events.GetAsync("evt_1Paid", default);
        Assert.NotNull(stored);
        Assert.Equal(
            new PaymentEvent("evt_1Paid", PaymentEventType.CheckoutCompleted, Now.AddSeconds(-2), "massage-2027-01", "HBH-7Q2K", "cs_test_a1", "pi_a1", 6000, 0, Paid: true),
            stored.Event);
        Assert.Equal((Now, (DateTimeOffset?)null), (stored.ReceivedUtc, stored.AppliedUtc));
        Assert.Equal(["evt_1Paid"], events.Enqueued);
    }

    [Fact]
    public async Task The_same_event_delivered_again_is_acknowledged_and_changes_nothing()
    {
        var payload = CompletedEvent("evt_1Twice", out _);
        var receiver = Receiver();
        await receiver.ReceiveAsync(payload, Sign(payload, Now), default);

        clock.Advance(TimeSpan.FromSeconds(40));
        var replayed = await receiver.ReceiveAsync(payload, Sign(payload, Now.AddSeconds(40)), default);

        Assert.Equal(new WebhookReceipt.Duplicate("evt_1Twice"), replayed);
        Assert.Equal(1, events.Count);
        Assert.Equal(["evt_1Twice"], events.Enqueued);
        Assert.Equal(Now, (await events.GetAsync("evt_1Twice", default))!.ReceivedUtc);
    }

    [Fact]
    public async Task A_signature_made_with_another_secret_is_refused_and_nothing_is_stored()
    {
        var payload = CompletedEvent("evt_1Forged", out _);

        var receipt = await Receiver().ReceiveAsync(payload, StripeWebhookSender.SignatureHeader(payload, "whsec_someone_elses", Now), default);

        Assert.IsType<WebhookReceipt.BadSignature>(receipt);
        Assert.Equal(0, events.Count);
        Assert.Empty(events.Enqueued);
    }

    [Fact]
    public async Task A_body_changed_after_signing_is_refused()
    {
        var payload = CompletedEvent("evt_1Altered", out _);
        var signature = Sign(payload, Now);

        var receipt = await Receiver().ReceiveAsync(payload.Replace("6000", "1", StringComparison.Ordinal), signature, default);

        Assert.IsType<WebhookReceipt.BadSignature>(receipt);
        Assert.Equal(0, events.Count);
    }

    [Theory]
    [InlineData(-301)] // stale: signed more than 5 minutes ago (a replay of a captured delivery)
    [InlineData(301)] // signed in the future beyond the tolerance
    public async Task A_signature_outside_the_five_minute_tolerance_is_refused(int secondsFromNow)
    {
        var payload = CompletedEvent("evt_1Stale", out _);

        var receipt = await Receiver().ReceiveAsync(payload, Sign(payload, Now.AddSeconds(secondsFromNow)), default);

        Assert.IsType<WebhookReceipt.BadSignature>(receipt);
        Assert.Equal(0, events.Count);
    }

    [Fact]
    public async Task A_delivery_stored_once_and_replayed_after_the_tolerance_is_refused_and_still_stored_once()
    {
        var payload = CompletedEvent("evt_1Replayed", out _);
        var signature = Sign(payload, Now);
        var receiver = Receiver();
        await receiver.ReceiveAsync(payload, signature, default);

        clock.Advance(TimeSpan.FromMinutes(6));
        var replay = await receiver.ReceiveAsync(payload, signature, default);

        Assert.IsType<WebhookReceipt.BadSignature>(replay);
        Assert.Equal(1, events.Count);
        Assert.Single(events.Enqueued);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("t=abc,v1=")]
    [InlineData("v1=00")]
    [InlineData("t=1700000000")]
    public async Task A_missing_or_malformed_signature_header_is_refused(string? header)
    {
        var payload = CompletedEvent("evt_1NoSig", out _);

        Assert.IsType<WebhookReceipt.BadSignature>(await Receiver().ReceiveAsync(payload, header, default));
        Assert.Equal(0, events.Count);
    }

    [Fact]
    public async Task A_signed_event_from_another_API_version_is_still_read()
    {
        var node = JsonNode.Parse(CompletedEvent("evt_1OldApi", out _))!;
        node["api_version"] = "2020-08-27";
        var payload = node.ToJsonString();

        Assert.IsType<WebhookReceipt.Stored>(await Receiver().ReceiveAsync(payload, Sign(payload, Now), default));
    }

    [Fact]
    public async Task Events_the_app_does_not_act_on_are_acknowledged_and_not_stored()
    {
        var other = Event("evt_1Other", "customer.created", new JsonObject { ["id"] = "cus_1", ["object"] = "customer" });
        var notOurs = CompletedEvent("evt_1NotOurs", out var session);
        session["metadata"] = new JsonObject();
        session["client_reference_id"] = null;
        notOurs = Event("evt_1NotOurs", "checkout.session.completed", session);
        var receiver = Receiver();

        Assert.Equal(new WebhookReceipt.Ignored("evt_1Other"), await receiver.ReceiveAsync(other, Sign(other, Now), default));
        Assert.Equal(new WebhookReceipt.Ignored("evt_1NotOurs"), await receiver.ReceiveAsync(notOurs, Sign(notOurs, Now), default));
        Assert.Equal(0, events.Count);
    }

    [Fact]
    public async Task A_signed_body_that_is_not_an_event_is_unreadable_and_nothing_is_stored()
    {
        const string payload = "{\"id\": [1, 2], \"created\": \"soon\"";

        Assert.IsType<WebhookReceipt.Unreadable>(await Receiver().ReceiveAsync(payload, Sign(payload, Now), default));
        Assert.Equal(0, events.Count);
    }

    [Fact]
    public async Task When_the_queue_is_down_the_stored_event_is_still_acknowledged_for_the_sweep_to_send()
    {
        events.EnqueueFailure = new Azure.RequestFailedException(503, "Service Unavailable");
        var payload = CompletedEvent("evt_1QueueDown", out _);

        Assert.IsType<WebhookReceipt.Stored>(await Receiver().ReceiveAsync(payload, Sign(payload, Now), default));
        Assert.Equal(1, events.Count);
    }

    [Fact]
    public async Task Payments_turned_off_store_nothing()
    {
        var payload = CompletedEvent("evt_1Off", out _);

        Assert.IsType<WebhookReceipt.NotEnabled>(await Receiver(enabled: false).ReceiveAsync(payload, Sign(payload, Now), default));
        Assert.Equal(0, events.Count);
    }

    [Fact]
    public async Task Expired_and_refunded_events_keep_the_facts_a_booking_needs()
    {
        var expired = Event("evt_1Expired", "checkout.session.expired", Session("cs_test_b2", status: "expired", paymentStatus: "unpaid", paymentIntent: null));
        var refunded = Event("evt_1Refunded", "charge.refunded", new JsonObject
        {
            ["id"] = "ch_1",
            ["object"] = "charge",
            ["amount"] = 6000,
            ["amount_refunded"] = 2500,
            ["paid"] = true,
            ["payment_intent"] = "pi_a1",
            ["metadata"] = new JsonObject { ["courseId"] = "massage-2027-01", ["reference"] = "HBH-7Q2K" },
        });
        var receiver = Receiver();

        await receiver.ReceiveAsync(expired, Sign(expired, Now), default);
        await receiver.ReceiveAsync(refunded, Sign(refunded, Now), default);

        var e = (await events.GetAsync("evt_1Expired", default))!.Event;
        var r = (await events.GetAsync("evt_1Refunded", default))!.Event;
        Assert.Equal((PaymentEventType.CheckoutExpired, "cs_test_b2", (string?)null, false), (e.Type, e.ObjectId, e.PaymentIntentId, e.Paid));
        Assert.Equal((PaymentEventType.ChargeRefunded, "HBH-7Q2K", "pi_a1", 6000L, 2500L), (r.Type, r.Reference, r.PaymentIntentId, r.AmountPence, r.RefundedPence));
    }

    private StripeWebhookReceiver Receiver(bool enabled = true) => new(
        events,
        events,
        Options.Create(new PaymentOptions { Enabled = enabled, SecretKey = FakeStripeApi.SecretKey, WebhookSecret = FakeStripeApi.WebhookSecret }),
        clock,
        NullLogger<StripeWebhookReceiver>.Instance);

    private static string Sign(string payload, DateTimeOffset at) => StripeWebhookSender.SignatureHeader(payload, FakeStripeApi.WebhookSecret, at);

    private static string CompletedEvent(string id, out JsonObject session)
    {
        session = Session("cs_test_a1", status: "complete", paymentStatus: "paid", paymentIntent: "pi_a1");
        return Event(id, "checkout.session.completed", session);
    }

    private static JsonObject Session(string id, string status, string paymentStatus, string? paymentIntent) => new()
    {
        ["id"] = id,
        ["object"] = "checkout.session",
        ["amount_total"] = 6000,
        ["currency"] = "gbp",
        ["client_reference_id"] = "HBH-7Q2K",
        ["customer_details"] = new JsonObject { ["email"] = "sam@example.test", ["name"] = "Sam Smith" },
        ["metadata"] = new JsonObject { ["courseId"] = "massage-2027-01", ["reference"] = "HBH-7Q2K" },
        ["mode"] = "payment",
        ["payment_intent"] = paymentIntent,
        ["payment_status"] = paymentStatus,
        ["status"] = status,
    };

    private static string Event(string id, string type, JsonNode dataObject) => new JsonObject
    {
        ["id"] = id,
        ["object"] = "event",
        ["api_version"] = Stripe.StripeConfiguration.ApiVersion,
        ["created"] = Now.AddSeconds(-2).ToUnixTimeSeconds(),
        ["data"] = new JsonObject { ["object"] = dataObject.DeepClone() },
        ["livemode"] = false,
        ["type"] = type,
    }.ToJsonString();
}
