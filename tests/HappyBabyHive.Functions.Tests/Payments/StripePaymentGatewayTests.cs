using System.Globalization;
using HappyBabyHive.Configuration;
using HappyBabyHive.Payments;
using HappyBabyHive.LocalRunner.Stripe;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Tests.Payments;

/// <summary>The real Stripe.net client against the local fake Stripe API: what is sent, and every answer mapped.</summary>
public sealed class StripePaymentGatewayTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider clock = new(Now);
    private FakeStripeApi stripe = null!;

    public async Task InitializeAsync() => stripe = await FakeStripeApi.StartAsync(clock);

    public async Task DisposeAsync() => await stripe.DisposeAsync();

    [Fact]
    public async Task A_checkout_session_is_one_GBP_line_item_with_the_booking_in_its_metadata_and_an_expiry_past_the_lifetime()
    {
        using var gateway = Gateway();

        var outcome = await gateway.CreateCheckoutSessionAsync(new CheckoutRequest("massage-2027-01", "HBH-7Q2K", "Baby massage <Tuesdays>", 6000, "sam@example.test"), default);

        var created = Assert.IsType<CheckoutOutcome.Created>(outcome);
        Assert.StartsWith("cs_test_", created.Session.Id, StringComparison.Ordinal);
        Assert.Equal(stripe.BaseAddress.Host, created.Session.Url.Host);
        var sent = Assert.Single(stripe.Requests).Fields;
        Assert.Equal("payment", sent["mode"]);
        Assert.Equal("gbp", sent["line_items[0][price_data][currency]"]);
        Assert.Equal("6000", sent["line_items[0][price_data][unit_amount]"]);
        Assert.Equal("1", sent["line_items[0][quantity]"]);
        Assert.Equal("Baby massage <Tuesdays>", sent["line_items[0][price_data][product_data][name]"]);
        Assert.Equal("HBH-7Q2K", sent["client_reference_id"]);
        Assert.Equal("massage-2027-01", sent["metadata[courseId]"]);
        Assert.Equal("HBH-7Q2K", sent["metadata[reference]"]);
        Assert.Equal("massage-2027-01", sent["payment_intent_data[metadata][courseId]"]);
        Assert.Equal("sam@example.test", sent["customer_email"]);
        Assert.Equal("http://127.0.0.1:7071/api/payments/success?session_id={CHECKOUT_SESSION_ID}", sent["success_url"]);
        Assert.Equal("http://127.0.0.1:7071/api/payments/cancelled?session_id={CHECKOUT_SESSION_ID}", sent["cancel_url"]);
        var expiresAt = long.Parse(sent["expires_at"], CultureInfo.InvariantCulture);
        Assert.Equal((Now + TimeSpan.FromMinutes(31)).ToUnixTimeSeconds(), expiresAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(expiresAt), created.Session.ExpiresAtUtc);
        Assert.Equal("checkout:massage-2027-01:HBH-7Q2K:1", stripe.Requests[0].IdempotencyKey);
        Assert.Equal("Bearer " + FakeStripeApi.SecretKey, stripe.Requests[0].Authorization);
    }

    [Fact]
    public async Task The_same_checkout_asked_twice_gets_the_same_session_and_Stripe_makes_only_one()
    {
        using var gateway = Gateway();
        var request = new CheckoutRequest("yoga-2027-02", "HBH-AAAA", "Baby yoga", 5500);

        var first = Assert.IsType<CheckoutOutcome.Created>(await gateway.CreateCheckoutSessionAsync(request, default));
        var second = Assert.IsType<CheckoutOutcome.Created>(await gateway.CreateCheckoutSessionAsync(request, default));
        var nextAttempt = Assert.IsType<CheckoutOutcome.Created>(await gateway.CreateCheckoutSessionAsync(request with { Attempt = 2 }, default));

        Assert.Equal(first.Session.Id, second.Session.Id);
        Assert.NotEqual(first.Session.Id, nextAttempt.Session.Id);
        Assert.Equal(2, stripe.SessionsCreated);
    }

    [Fact]
    public async Task A_key_reused_with_a_different_amount_is_refused_as_a_reused_key()
    {
        using var gateway = Gateway();
        await gateway.CreateCheckoutSessionAsync(new CheckoutRequest("yoga-2027-02", "HBH-BBBB", "Baby yoga", 5500), default);

        var outcome = await gateway.CreateCheckoutSessionAsync(new CheckoutRequest("yoga-2027-02", "HBH-BBBB", "Baby yoga", 7200), default);

        Assert.Equal(PaymentFailureKind.IdempotencyKeyReused, Assert.IsType<CheckoutOutcome.Failed>(outcome).Failure.Kind);
        Assert.Equal(1, stripe.SessionsCreated);
    }

    [Fact]
    public async Task Stripe_failing_past_the_retries_is_unavailable_and_a_retry_that_succeeds_is_transparent()
    {
        using var gateway = Gateway(o => o.MaxNetworkRetries = 1);
        stripe.FailNext(500, count: 2);

        var failed = await gateway.CreateCheckoutSessionAsync(new CheckoutRequest("c1", "HBH-CCCC", "Baby yoga", 5500), default);
        stripe.FailNext(503, count: 1);
        var recovered = await gateway.CreateCheckoutSessionAsync(new CheckoutRequest("c1", "HBH-CCCC", "Baby yoga", 5500), default);

        Assert.Equal(PaymentFailureKind.Unavailable, Assert.IsType<CheckoutOutcome.Failed>(failed).Failure.Kind);
        Assert.IsType<CheckoutOutcome.Created>(recovered);
        Assert.Equal(1, stripe.SessionsCreated);
        Assert.All(stripe.Requests, r => Assert.Equal("checkout:c1:HBH-CCCC:1", r.IdempotencyKey)); // Stripe.net's retries reuse the key
    }

    [Fact]
    public async Task Stripe_unreachable_is_unavailable_not_an_exception()
    {
        var closed = new Uri($"http://127.0.0.1:{HappyBabyHive.LocalRunner.Emulators.FreePort.Next()}");
        using var gateway = Gateway(o => (o.ApiBase, o.MaxNetworkRetries) = (closed.AbsoluteUri, 0));

        var outcome = await gateway.CreateCheckoutSessionAsync(new CheckoutRequest("c1", "HBH-DDDD", "Baby yoga", 5500), default);

        Assert.Equal(PaymentFailureKind.Unavailable, Assert.IsType<CheckoutOutcome.Failed>(outcome).Failure.Kind);
    }

    [Fact]
    public async Task A_wrong_key_is_refused_and_payments_turned_off_send_nothing()
    {
        using var wrongKey = Gateway(o => o.SecretKey = "sk_live_not_the_fakes");
        using var off = Gateway(o => o.Enabled = false);
        var request = new CheckoutRequest("c1", "HBH-EEEE", "Baby yoga", 5500);

        var refused = await wrongKey.CreateCheckoutSessionAsync(request, default);
        var before = stripe.Requests.Count;
        var notEnabled = await off.CreateCheckoutSessionAsync(request, default);

        Assert.Equal(PaymentFailureKind.Refused, Assert.IsType<CheckoutOutcome.Failed>(refused).Failure.Kind);
        Assert.Equal(PaymentFailureKind.NotEnabled, Assert.IsType<CheckoutOutcome.Failed>(notEnabled).Failure.Kind);
        Assert.Equal(before, stripe.Requests.Count);
    }

    [Fact]
    public async Task Expiring_an_open_session_works_a_paid_one_says_already_paid_and_an_unknown_one_not_found()
    {
        using var gateway = Gateway();
        var open = await CreateAsync(gateway, "HBH-FFF1");
        var paid = await CreateAsync(gateway, "HBH-FFF2");
        stripe.Complete(paid);

        Assert.IsType<ExpireOutcome.Expired>(await gateway.ExpireSessionAsync(open, default));
        Assert.IsType<ExpireOutcome.Expired>(await gateway.ExpireSessionAsync(open, default)); // asked again: same answer
        Assert.IsType<ExpireOutcome.AlreadyPaid>(await gateway.ExpireSessionAsync(paid, default));
        Assert.Equal(PaymentFailureKind.NotFound, Assert.IsType<ExpireOutcome.Failed>(await gateway.ExpireSessionAsync("cs_test_nope", default)).Failure.Kind);
        Assert.Equal("expired", (string?)stripe.Session(open)["status"]);
    }

    [Fact]
    public async Task A_refund_goes_once_per_key_and_what_is_not_left_to_refund_is_refused_clearly()
    {
        using var gateway = Gateway();
        var session = await CreateAsync(gateway, "HBH-GGGG");
        stripe.Complete(session);
        var paymentIntent = (string)stripe.Session(session)["payment_intent"]!;

        var part = await gateway.RefundAsync(new RefundRequest(paymentIntent, 2000, "refund:c1:HBH-GGGG:part"), default);
        var replayed = await gateway.RefundAsync(new RefundRequest(paymentIntent, 2000, "refund:c1:HBH-GGGG:part"), default);
        var tooMuch = await gateway.RefundAsync(new RefundRequest(paymentIntent, 5000, "refund:c1:HBH-GGGG:too-much"), default);
        var rest = await gateway.RefundAsync(new RefundRequest(paymentIntent, 4000, "refund:c1:HBH-GGGG:rest"), default);
        var again = await gateway.RefundAsync(new RefundRequest(paymentIntent, 100, "refund:c1:HBH-GGGG:again"), default);
        var unknown = await gateway.RefundAsync(new RefundRequest("pi_nope", 100, "refund:c1:HBH-GGGG:unknown"), default);

        var first = Assert.IsType<RefundOutcome.Refunded>(part).Refund;
        Assert.Equal((2000L, "succeeded"), (first.AmountPence, first.Status));
        Assert.Equal(first.Id, Assert.IsType<RefundOutcome.Refunded>(replayed).Refund.Id);
        Assert.Equal(new PaymentFailure(PaymentFailureKind.Refused, "amount_too_large"), Assert.IsType<RefundOutcome.Failed>(tooMuch).Failure);
        Assert.Equal(4000, Assert.IsType<RefundOutcome.Refunded>(rest).Refund.AmountPence);
        Assert.IsType<RefundOutcome.AlreadyRefunded>(again);
        Assert.Equal(PaymentFailureKind.NotFound, Assert.IsType<RefundOutcome.Failed>(unknown).Failure.Kind);
        Assert.Equal(2, stripe.RefundsCreated);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("refund:\r\nInjected: header")]
    public async Task A_refund_without_a_usable_idempotency_key_is_a_programming_error(string key)
    {
        using var gateway = Gateway();

        await Assert.ThrowsAsync<ArgumentException>(() => gateway.RefundAsync(new RefundRequest("pi_1", 100, key), default));
    }

    private static async Task<string> CreateAsync(StripePaymentGateway gateway, string reference) =>
        Assert.IsType<CheckoutOutcome.Created>(await gateway.CreateCheckoutSessionAsync(new CheckoutRequest("c1", reference, "Baby massage", 6000), default)).Session.Id;

    private StripePaymentGateway Gateway(Action<PaymentOptions>? change = null)
    {
        var options = new PaymentOptions
        {
            Enabled = true,
            SecretKey = FakeStripeApi.SecretKey,
            WebhookSecret = FakeStripeApi.WebhookSecret,
            ApiBase = stripe.BaseAddress.AbsoluteUri,
            RequestTimeout = TimeSpan.FromSeconds(5),
        };
        change?.Invoke(options);
        var business = new BusinessOptions { OwnerEmail = TestSettings.OwnerEmail, PublicBaseUrl = "http://127.0.0.1:7071" };
        return new StripePaymentGateway(Options.Create(options), Options.Create(business), clock, NullLogger<StripePaymentGateway>.Instance);
    }
}
