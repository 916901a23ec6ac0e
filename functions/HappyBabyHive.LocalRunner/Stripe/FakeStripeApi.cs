using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HappyBabyHive.LocalRunner.Stripe;

/// <summary>
/// A local stand-in for the parts of Stripe's API the app uses: Kestrel on 127.0.0.1 with a free port, spoken to by the
/// real Stripe.net client through StripeClientOptions.ApiBase. It follows Stripe's documented wire protocol, written
/// here independently of the app's code:
/// <list type="bullet">
/// <item>Bearer authentication with a test-mode secret key (sk_test_…); anything else is 401.</item>
/// <item>Form-encoded bodies with Stripe's bracket notation (<c>line_items[0][price_data][unit_amount]=6000</c>,
/// <c>metadata[courseId]=…</c>), as Stripe.net sends them.</item>
/// <item><c>POST /v1/checkout/sessions</c> (mode=payment, one line item, gbp, expires_at 30 min–24 h ahead),
/// <c>GET /v1/checkout/sessions/{id}</c>, <c>POST /v1/checkout/sessions/{id}/expire</c> (only an open session),
/// <c>POST /v1/refunds</c> (payment_intent, optional amount; no more than what is left).</item>
/// <item>Idempotency-Key: the same key with the same parameters replays the first answer (with
/// <c>Idempotent-Replayed: true</c>) and creates nothing; with different parameters it is a 400 idempotency_error.
/// As at Stripe, a request refused by validation saves no result.</item>
/// <item>Errors as Stripe shapes them: <c>{"error":{"type","code","message","param"}}</c> with its HTTP status.</item>
/// </list>
/// The test plays the parent with <see cref="Complete"/> and the passing of time with <see cref="ExpireByClock"/>; both
/// return the event JSON Stripe would send, for <see cref="StripeWebhookSender"/> to deliver.
/// <para>
/// A browser plays the parent at the session's <c>url</c> (<c>/c/pay/{id}</c>): a plain checkout page whose "Pay"
/// completes the session, delivers the signed checkout.session.completed event to <see cref="WebhookUrl"/> and sends the
/// browser to the success URL; "Leave without paying" goes to the cancel URL and, as at Stripe, leaves the session open.
/// When <see cref="WebhookUrl"/> is set, sessions whose expires_at has passed expire and their
/// checkout.session.expired event is delivered (<see cref="DeliverExpiredAsync"/>, run by the local runner's loop).
/// </para>
/// </summary>
public sealed partial class FakeStripeApi : IAsyncDisposable
{
    public const string SecretKey = "sk_test_happybabyhive_fake_0000000000";
    public const string WebhookSecret = "whsec_happybabyhive_fake_webhook_secret";

    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private readonly Dictionary<string, JsonObject> sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string SessionId, long Amount, long Refunded, string ChargeId)> payments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Fingerprint, int Status, string Body)> idempotency = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FakeStripeRequest> received = new();
    private readonly ConcurrentQueue<int> failures = new();
    private readonly Dictionary<string, string> productNames = new(StringComparer.Ordinal);
    private static readonly HttpClient WebhookClient = new() { Timeout = TimeSpan.FromSeconds(30) };
    private WebApplication? app;
    private int sequence;

    private FakeStripeApi(TimeProvider time) => this.time = time;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every request received, in order (method, path, form fields, headers of interest).</summary>
    public IReadOnlyList<FakeStripeRequest> Requests => [.. received];

    /// <summary>
    /// Where the checkout page and <see cref="DeliverExpiredAsync"/> deliver events (the app's /api/stripe/webhook),
    /// signed with <see cref="WebhookSecret"/>. Null: the page completes sessions but delivers nothing.
    /// </summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>Checkout Sessions actually created (a replayed request creates none).</summary>
    public int SessionsCreated { get; private set; }

    /// <summary>Refunds actually created.</summary>
    public int RefundsCreated { get; private set; }

    /// <param name="port">0 for a free port (tests); the local runner uses a fixed one.</param>
    public static async Task<FakeStripeApi> StartAsync(TimeProvider? time = null, int port = 0)
    {
        var fake = new FakeStripeApi(time ?? TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        fake.app = builder.Build();
        fake.app.Run(fake.HandleAsync);
        await fake.app.StartAsync();
        var address = fake.app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        fake.BaseAddress = new Uri(address);
        return fake;
    }

    /// <summary>The next <paramref name="count"/> requests fail with <paramref name="status"/> (e.g. 500, 429) before doing anything.</summary>
    public void FailNext(int status, int count = 1)
    {
        for (var i = 0; i < count; i++)
        {
            failures.Enqueue(status);
        }
    }

    public JsonObject Session(string id)
    {
        lock (gate)
        {
            return (JsonObject)sessions[id].DeepClone();
        }
    }

    /// <summary>The parent pays: the session completes with a payment intent and charge; returns the checkout.session.completed event.</summary>
    public string Complete(string sessionId)
    {
        lock (gate)
        {
            var session = sessions[sessionId];
            if ((string?)session["status"] != "open")
            {
                throw new InvalidOperationException($"Session {sessionId} is {(string?)session["status"]}, not open.");
            }

            var paymentIntent = NewId("pi");
            var amount = (long)session["amount_total"]!;
            payments[paymentIntent] = (sessionId, amount, 0, NewId("ch"));
            session["status"] = "complete";
            session["payment_status"] = "paid";
            session["payment_intent"] = paymentIntent;
            return EventJson("checkout.session.completed", session.DeepClone());
        }
    }

    /// <summary>The session's lifetime passes without payment; returns the checkout.session.expired event.</summary>
    public string ExpireByClock(string sessionId)
    {
        lock (gate)
        {
            var session = sessions[sessionId];
            session["status"] = "expired";
            return EventJson("checkout.session.expired", session.DeepClone());
        }
    }

    /// <summary>The charge.refunded event for a payment as it now stands (amount_refunded is the running total).</summary>
    public string ChargeRefundedEvent(string paymentIntentId)
    {
        lock (gate)
        {
            var payment = payments[paymentIntentId];
            var session = sessions[payment.SessionId];
            return EventJson("charge.refunded", Charge(paymentIntentId, payment, (JsonObject)session["metadata"]!));
        }
    }

    /// <summary>
    /// The owner refunds <paramref name="amountPence"/> of a payment in Stripe's dashboard; returns the charge.refunded
    /// event Stripe then sends. As in Stripe, the charge has empty metadata: the booking's metadata is on the session
    /// and its payment intent, and Stripe does not copy a payment intent's metadata to its charge.
    /// </summary>
    public string RefundInDashboard(string paymentIntentId, long amountPence)
    {
        lock (gate)
        {
            var payment = payments[paymentIntentId];
            if (amountPence <= 0 || payment.Refunded + amountPence > payment.Amount)
            {
                throw new InvalidOperationException($"Can't refund {amountPence} of {paymentIntentId}: {payment.Refunded} of {payment.Amount} already refunded.");
            }

            payment.Refunded += amountPence;
            payments[paymentIntentId] = payment;
            return EventJson("charge.refunded", Charge(paymentIntentId, payment, []));
        }
    }

    /// <summary>An event JSON of any type around <paramref name="dataObject"/>, shaped as Stripe sends webhook events.</summary>
    public string EventJson(string type, JsonNode dataObject)
    {
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        var stripeEvent = new JsonObject
        {
            ["id"] = NewId("evt"),
            ["object"] = "event",
            ["api_version"] = global::Stripe.StripeConfiguration.ApiVersion,
            ["created"] = created,
            ["data"] = new JsonObject { ["object"] = dataObject },
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
            ["type"] = type,
        };
        return stripeEvent.ToJsonString();
    }

    /// <summary>
    /// Expires every open session whose expires_at has passed and delivers each checkout.session.expired event to
    /// <see cref="WebhookUrl"/>, as Stripe does when a session's lifetime ends. Returns how many were delivered.
    /// </summary>
    public async Task<int> DeliverExpiredAsync(CancellationToken cancellationToken)
    {
        if (WebhookUrl is null)
        {
            return 0;
        }

        List<string> events;
        lock (gate)
        {
            var now = time.GetUtcNow().ToUnixTimeSeconds();
            events = [.. sessions.Keys
                .Where(id => (string?)sessions[id]["status"] == "open" && (long)sessions[id]["expires_at"]! <= now)
                .ToList()
                .Select(ExpireByClock)];
        }

        foreach (var stripeEvent in events)
        {
            await DeliverAsync(stripeEvent, cancellationToken);
        }

        return events.Count;
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments(CheckoutPathPrefix, StringComparison.Ordinal))
        {
            await CheckoutPageAsync(context);
            return;
        }

        var form = request.HasFormContentType ? await request.ReadFormAsync(context.RequestAborted) : null;
        var fields = form?.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal) ?? new Dictionary<string, string>(StringComparer.Ordinal);
        var key = request.Headers["Idempotency-Key"].ToString();
        var path = request.Path.Value ?? string.Empty;
        received.Enqueue(new FakeStripeRequest(request.Method, path, fields, key, request.Headers.Authorization.ToString(), request.Headers["Stripe-Version"].ToString()));

        if (failures.TryDequeue(out var failure))
        {
            // Stripe's own outage answers: Stripe.net may retry (409/429/5xx), which uses up another scripted failure.
            await WriteAsync(context, failure, Error("api_error", null, "An error occurred with our connection to Stripe.", null));
            return;
        }

        var auth = request.Headers.Authorization.ToString();
        if (!auth.StartsWith("Bearer sk_test_", StringComparison.Ordinal))
        {
            await WriteAsync(context, 401, Error("invalid_request_error", null, "Invalid API Key provided.", null));
            return;
        }

        int status;
        string body;
        lock (gate)
        {
            var fingerprint = request.Method + " " + path + "?" + string.Join("&", fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "=" + f.Value));
            if (request.Method == "POST" && key.Length > 0 && idempotency.TryGetValue(key, out var earlier))
            {
                if (earlier.Fingerprint != fingerprint)
                {
                    (status, body) = (400, Error("idempotency_error", null,
                        $"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{key}' if you meant to execute a different request.", null));
                }
                else
                {
                    context.Response.Headers["Idempotent-Replayed"] = "true";
                    (status, body) = (earlier.Status, earlier.Body);
                }
            }
            else
            {
                (status, body) = Route(request.Method, path, fields);
                if (request.Method == "POST" && key.Length > 0 && status == 200)
                {
                    idempotency[key] = (fingerprint, status, body);
                }
            }
        }

        await WriteAsync(context, status, body);
    }

    private (int Status, string Body) Route(string method, string path, Dictionary<string, string> fields)
    {
        var parts = path.Trim('/').Split('/');
        return (method, parts) switch
        {
            ("POST", ["v1", "checkout", "sessions"]) => CreateSession(fields),
            ("GET", ["v1", "checkout", "sessions", var id]) => sessions.TryGetValue(id, out var s) ? (200, s.ToJsonString()) : Missing("checkout.session", id, "session"),
            ("POST", ["v1", "checkout", "sessions", var id, "expire"]) => ExpireSession(id),
            ("POST", ["v1", "refunds"]) => CreateRefund(fields),
            _ => (404, Error("invalid_request_error", null, $"Unrecognized request URL ({method}: {path}).", null)),
        };
    }

    private (int, string) CreateSession(Dictionary<string, string> f)
    {
        if (f.GetValueOrDefault("mode") != "payment")
        {
            return Invalid("mode", "Missing required param: mode.");
        }

        if (!f.TryGetValue("success_url", out var successUrl))
        {
            return Invalid("success_url", "Missing required param: success_url.");
        }

        if (f.Keys.Any(k => k.StartsWith("line_items[1]", StringComparison.Ordinal)))
        {
            return Invalid("line_items", "This fake, like the app, expects exactly one line item.");
        }

        if (f.GetValueOrDefault("line_items[0][price_data][currency]") is not { } currency || currency != "gbp")
        {
            return Invalid("line_items[0][price_data][currency]", "Invalid currency: expected gbp.");
        }

        if (!long.TryParse(f.GetValueOrDefault("line_items[0][price_data][unit_amount]"), NumberStyles.None, CultureInfo.InvariantCulture, out var unitAmount) || unitAmount < 30)
        {
            // Stripe's minimum charge in GBP is 30p.
            return Invalid("line_items[0][price_data][unit_amount]", "Invalid integer: unit_amount must be at least 30 (pence).");
        }

        if (string.IsNullOrEmpty(f.GetValueOrDefault("line_items[0][price_data][product_data][name]")))
        {
            return Invalid("line_items[0][price_data][product_data][name]", "Missing required param: line_items[0][price_data][product_data][name].");
        }

        var quantity = long.TryParse(f.GetValueOrDefault("line_items[0][quantity]"), NumberStyles.None, CultureInfo.InvariantCulture, out var q) ? q : 0;
        if (quantity < 1)
        {
            return Invalid("line_items[0][quantity]", "Missing required param: line_items[0][quantity].");
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        long expiresAt = now + (24 * 3600);
        if (f.TryGetValue("expires_at", out var expires))
        {
            if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out expiresAt) || expiresAt < now + (30 * 60) || expiresAt > now + (24 * 3600))
            {
                return Invalid("expires_at", "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.");
            }
        }

        var id = NewId("cs_test");
        var session = new JsonObject
        {
            ["id"] = id,
            ["object"] = "checkout.session",
            ["amount_subtotal"] = unitAmount * quantity,
            ["amount_total"] = unitAmount * quantity,
            ["cancel_url"] = f.GetValueOrDefault("cancel_url"),
            ["client_reference_id"] = f.GetValueOrDefault("client_reference_id"),
            ["created"] = now,
            ["currency"] = "gbp",
            ["customer_email"] = f.GetValueOrDefault("customer_email"),
            ["expires_at"] = expiresAt,
            ["livemode"] = false,
            ["metadata"] = Nested(f, "metadata"),
            ["mode"] = "payment",
            ["payment_intent"] = null,
            ["payment_status"] = "unpaid",
            ["status"] = "open",
            ["success_url"] = successUrl,
            ["url"] = new Uri(BaseAddress, CheckoutPathPrefix + "/" + id).AbsoluteUri,
        };
        sessions[id] = session;
        productNames[id] = f["line_items[0][price_data][product_data][name]"];
        SessionsCreated++;
        return (200, session.ToJsonString());
    }

    private (int, string) ExpireSession(string id)
    {
        if (!sessions.TryGetValue(id, out var session))
        {
            return Missing("checkout.session", id, "session");
        }

        if ((string?)session["status"] != "open")
        {
            return (400, Error("invalid_request_error", null, "Only Checkout Sessions with a status in [\"open\"] can be expired.", null));
        }

        session["status"] = "expired";
        return (200, session.ToJsonString());
    }

    private (int, string) CreateRefund(Dictionary<string, string> f)
    {
        if (f.GetValueOrDefault("payment_intent") is not { Length: > 0 } paymentIntent)
        {
            return Invalid("payment_intent", "One of the following params should be provided for this request: payment_intent or charge.");
        }

        if (!payments.TryGetValue(paymentIntent, out var payment))
        {
            return Missing("payment_intent", paymentIntent, "payment_intent");
        }

        var left = payment.Amount - payment.Refunded;
        if (left == 0)
        {
            return (400, Error("invalid_request_error", "charge_already_refunded", $"Charge {payment.ChargeId} has already been refunded.", null));
        }

        var amount = left;
        if (f.TryGetValue("amount", out var requested))
        {
            if (!long.TryParse(requested, NumberStyles.None, CultureInfo.InvariantCulture, out amount) || amount < 1)
            {
                return Invalid("amount", "Invalid positive integer.");
            }

            if (amount > left)
            {
                return (400, Error("invalid_request_error", "amount_too_large",
                    string.Create(CultureInfo.InvariantCulture, $"Refund amount (£{amount / 100m:0.00}) is greater than unrefunded amount on charge (£{left / 100m:0.00})"), "amount"));
            }
        }

        payments[paymentIntent] = payment with { Refunded = payment.Refunded + amount };
        RefundsCreated++;
        var refund = new JsonObject
        {
            ["id"] = NewId("re"),
            ["object"] = "refund",
            ["amount"] = amount,
            ["charge"] = payment.ChargeId,
            ["created"] = time.GetUtcNow().ToUnixTimeSeconds(),
            ["currency"] = "gbp",
            ["metadata"] = Nested(f, "metadata"),
            ["payment_intent"] = paymentIntent,
            ["reason"] = f.GetValueOrDefault("reason"),
            ["status"] = "succeeded",
        };
        return (200, refund.ToJsonString());
    }

    private JsonObject Charge(string paymentIntentId, (string SessionId, long Amount, long Refunded, string ChargeId) payment, JsonObject metadata) => new()
    {
        ["id"] = payment.ChargeId,
        ["object"] = "charge",
        ["amount"] = payment.Amount,
        ["amount_captured"] = payment.Amount,
        ["amount_refunded"] = payment.Refunded,
        ["captured"] = true,
        ["created"] = time.GetUtcNow().ToUnixTimeSeconds(),
        ["currency"] = "gbp",
        ["livemode"] = false,
        ["metadata"] = metadata.DeepClone(),
        ["paid"] = true,
        ["payment_intent"] = paymentIntentId,
        ["refunded"] = payment.Refunded == payment.Amount,
        ["status"] = "succeeded",
    };

    /// <summary>metadata[a]=1&amp;metadata[b]=2 → {"a":"1","b":"2"}.</summary>
    private static JsonObject Nested(Dictionary<string, string> fields, string name)
    {
        var result = new JsonObject();
        foreach (var (key, value) in fields.Where(f => f.Key.StartsWith(name + "[", StringComparison.Ordinal) && f.Key.EndsWith(']')))
        {
            result[key[(name.Length + 1)..^1]] = value;
        }

        return result;
    }

    private string NewId(string prefix) =>
        prefix + "_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant() + Interlocked.Increment(ref sequence).ToString(CultureInfo.InvariantCulture);

    private static (int, string) Invalid(string param, string message) => (400, Error("invalid_request_error", "parameter_invalid", message, param));

    private static (int, string) Missing(string what, string id, string param) =>
        (404, Error("invalid_request_error", "resource_missing", $"No such {what}: '{id}'", param));

    private static string Error(string type, string? code, string message, string? param) =>
        new JsonObject { ["error"] = new JsonObject { ["type"] = type, ["code"] = code, ["message"] = message, ["param"] = param } }.ToJsonString();

    private static async Task WriteAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers["Request-Id"] = "req_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
        await context.Response.WriteAsync(body, Encoding.UTF8);
    }
}

/// <param name="Fields">The form body, bracket keys as sent (line_items[0][price_data][currency] …).</param>
public sealed record FakeStripeRequest(string Method, string Path, IReadOnlyDictionary<string, string> Fields, string IdempotencyKey, string Authorization, string StripeVersion);
