using HappyBabyHive.Functions;
using HappyBabyHive.Payments;
using HappyBabyHive.Payments.Webhooks;
using HappyBabyHive.Tests.Support;
using HappyBabyHive.TestSupport.Fakes;
using HappyBabyHive.LocalRunner.Stripe;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HappyBabyHive.Tests.Functions;

/// <summary>The webhook function's own part: a bounded read, and each receipt mapped to Stripe's expected answer.</summary>
public sealed class StripeWebhookHttpTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));
    private readonly InMemoryPaymentEvents events = new();

    [Fact]
    public async Task A_body_over_64_KB_is_refused_with_413_before_anything_is_checked_even_without_a_content_length()
    {
        var declared = HttpRequests.Json("POST", new string(' ', PublicStripeWebhookHttp.MaxBytes + 1));
        var chunked = HttpRequests.Json("POST", new string(' ', PublicStripeWebhookHttp.MaxBytes + 1));
        chunked.ContentLength = null;

        Assert.Equal(413, await StatusAsync(declared));
        Assert.Equal(413, await StatusAsync(chunked));
        Assert.Equal(0, events.Count);
    }

    [Fact]
    public async Task An_unsigned_body_is_a_400_problem_and_payments_off_is_a_404_problem()
    {
        var refused = await Function().ReceiveStripeWebhook(HttpRequests.Json("POST", "{}"), default);
        var off = await Function(enabled: false).ReceiveStripeWebhook(HttpRequests.Json("POST", "{}"), default);

        var problem = Assert.IsType<ProblemDetails>(((ObjectResult)refused).Value);
        Assert.Equal((400, "urn:happybabyhive:problem:bad-signature"), (problem.Status, problem.Type));
        Assert.Equal(404, ((ObjectResult)off).StatusCode);
        Assert.Equal(0, events.Count);
    }

    [Fact]
    public async Task A_signed_event_and_its_duplicate_both_get_200()
    {
        var payload = "{\"id\":\"evt_1Http\",\"object\":\"event\",\"created\":1795939200,\"type\":\"checkout.session.completed\",\"data\":{\"object\":" +
            "{\"id\":\"cs_test_1\",\"object\":\"checkout.session\",\"amount_total\":6000,\"payment_status\":\"paid\",\"status\":\"complete\"," +
            "\"metadata\":{\"courseId\":\"massage-test\",\"reference\":\"HBH-7Q2K\"}}}}";

        var statuses = new List<int>();
        for (var i = 0; i < 2; i++)
        {
            var request = HttpRequests.Json("POST", payload);
            request.Headers[PublicStripeWebhookHttp.SignatureHeader] = StripeWebhookSender.SignatureHeader(payload, FakeStripeApi.WebhookSecret, clock.GetUtcNow());
            statuses.Add(await StatusAsync(request));
        }

        Assert.Equal([200, 200], statuses);
        Assert.Equal(1, events.Count);
    }

    private async Task<int> StatusAsync(Microsoft.AspNetCore.Http.HttpRequest request) =>
        ((ObjectResult)await Function().ReceiveStripeWebhook(request, default)).StatusCode ?? 200;

    private PublicStripeWebhookHttp Function(bool enabled = true) => new(new StripeWebhookReceiver(
        events,
        events,
        Options.Create(new PaymentOptions { Enabled = enabled, SecretKey = FakeStripeApi.SecretKey, WebhookSecret = FakeStripeApi.WebhookSecret }),
        clock,
        NullLogger<StripeWebhookReceiver>.Instance));
}
