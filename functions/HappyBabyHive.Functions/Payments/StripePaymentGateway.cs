using System.Net;
using HappyBabyHive.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace HappyBabyHive.Payments;

/// <summary>
/// <see cref="IPaymentGateway"/> over Stripe.net. Stripe's answers are mapped to outcomes here and nowhere else;
/// only error codes are logged, never Stripe's messages (they can echo what we sent, such as an email address).
/// </summary>
public sealed partial class StripePaymentGateway : IPaymentGateway, IDisposable
{
    public const string Currency = "gbp";

    private readonly PaymentOptions options;
    private readonly BusinessOptions business;
    private readonly TimeProvider time;
    private readonly ILogger<StripePaymentGateway> logger;
    private readonly HttpClient? http;
    private readonly IStripeClient? client;

    public StripePaymentGateway(IOptions<PaymentOptions> options, IOptions<BusinessOptions> business, TimeProvider time, ILogger<StripePaymentGateway> logger)
    {
        this.options = options.Value;
        this.business = business.Value;
        this.time = time;
        this.logger = logger;
        if (!this.options.Enabled || string.IsNullOrEmpty(this.options.SecretKey))
        {
            return;
        }

        // One HttpClient for the app's life (Stripe.net's own advice), with our timeout rather than its 80 s default.
        http = new HttpClient { Timeout = this.options.RequestTimeout };
        client = new StripeClient(new StripeClientOptions
        {
            ApiKey = this.options.SecretKey,
            ApiBase = string.IsNullOrEmpty(this.options.ApiBase) ? null : this.options.ApiBase.TrimEnd('/'),
            HttpClient = new SystemNetHttpClient(http, this.options.MaxNetworkRetries, appInfo: null, enableTelemetry: false),
        });
    }

    public async Task<CheckoutOutcome> CreateCheckoutSessionAsync(CheckoutRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.AmountPence);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.Attempt);
        if (client is null)
        {
            return new CheckoutOutcome.Failed(new PaymentFailure(PaymentFailureKind.NotEnabled));
        }

        var metadata = new Dictionary<string, string> { [PaymentMetadata.CourseId] = request.CourseId, [PaymentMetadata.Reference] = request.Reference };
        var create = new SessionCreateOptions
        {
            Mode = "payment",
            ClientReferenceId = request.Reference,
            CustomerEmail = string.IsNullOrWhiteSpace(request.CustomerEmail) ? null : request.CustomerEmail,
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = Currency,
                        UnitAmount = request.AmountPence,
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = request.CourseTitle },
                    },
                },
            ],
            Metadata = metadata,
            // The payment (and so its charge and refunds) carries the booking too, for charge.refunded events.
            PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = new Dictionary<string, string>(metadata) },
            // The held place's end, so a retry under the same key sends the same parameters (see PaymentOptions.CheckoutSlack).
            ExpiresAt = (request.ExpiresAtUtc ?? options.HoldUntil(time.GetUtcNow())).UtcDateTime,
            SuccessUrl = CheckoutReturnUrls.Success(business),
            CancelUrl = CheckoutReturnUrls.Cancel(business),
        };

        var key = PaymentIdempotencyKeys.Checkout(request.CourseId, request.Reference, request.Attempt);
        var (session, failure) = await CallAsync(
            "create checkout session",
            () => new SessionService(client).CreateAsync(create, new RequestOptions { IdempotencyKey = key }, cancellationToken),
            cancellationToken);
        if (failure is not null)
        {
            return new CheckoutOutcome.Failed(failure);
        }

        return new CheckoutOutcome.Created(new CheckoutSession(session!.Id, new Uri(session.Url), new DateTimeOffset(DateTime.SpecifyKind(session.ExpiresAt, DateTimeKind.Utc))));
    }

    public async Task<ExpireOutcome> ExpireSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sessionId);
        if (client is null)
        {
            return new ExpireOutcome.Failed(new PaymentFailure(PaymentFailureKind.NotEnabled));
        }

        var sessions = new SessionService(client);
        var (_, failure) = await CallAsync(
            "expire checkout session",
            () => sessions.ExpireAsync(sessionId, null, new RequestOptions { IdempotencyKey = PaymentIdempotencyKeys.Expire(sessionId) }, cancellationToken),
            cancellationToken);
        if (failure is null)
        {
            return new ExpireOutcome.Expired();
        }

        if (failure.Kind != PaymentFailureKind.Refused)
        {
            return new ExpireOutcome.Failed(failure);
        }

        // Stripe refuses to expire a session that is no longer open; its status says whether that is because the
        // parent paid (the caller must know) or because it had already expired (what was asked for).
        var (session, readFailure) = await CallAsync("read checkout session", () => sessions.GetAsync(sessionId, null, null, cancellationToken), cancellationToken);
        return session?.Status switch
        {
            "complete" => new ExpireOutcome.AlreadyPaid(),
            "expired" => new ExpireOutcome.Expired(),
            _ => new ExpireOutcome.Failed(readFailure ?? failure),
        };
    }

    public async Task<SessionLookupOutcome> GetSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sessionId);
        if (client is null)
        {
            return new SessionLookupOutcome.Failed(new PaymentFailure(PaymentFailureKind.NotEnabled));
        }

        var (session, failure) = await CallAsync("read checkout session", () => new SessionService(client).GetAsync(sessionId, null, null, cancellationToken), cancellationToken);
        if (failure is not null)
        {
            return new SessionLookupOutcome.Failed(failure);
        }

        var metadata = session!.Metadata ?? new Dictionary<string, string>();
        return new SessionLookupOutcome.Found(new CheckoutSessionState(
            session.Id,
            metadata.GetValueOrDefault(PaymentMetadata.CourseId) ?? string.Empty,
            metadata.GetValueOrDefault(PaymentMetadata.Reference) ?? string.Empty,
            session.Status ?? string.Empty,
            session.PaymentStatus is "paid" or "no_payment_required"));
    }

    public async Task<RefundOutcome> RefundAsync(RefundRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.AmountPence);
        if (!PaymentIdempotencyKeys.IsValid(request.IdempotencyKey))
        {
            throw new ArgumentException("The idempotency key must be 1-200 letters, digits, ':', '_' or '-'.", nameof(request));
        }

        if (client is null)
        {
            return new RefundOutcome.Failed(new PaymentFailure(PaymentFailureKind.NotEnabled));
        }

        var create = new RefundCreateOptions { PaymentIntent = request.PaymentIntentId, Amount = request.AmountPence };
        var (refund, failure) = await CallAsync(
            "refund",
            () => new RefundService(client).CreateAsync(create, new RequestOptions { IdempotencyKey = request.IdempotencyKey }, cancellationToken),
            cancellationToken);
        return failure switch
        {
            null => new RefundOutcome.Refunded(new Refund(refund!.Id, refund.Amount, refund.Status)),
            { StripeCode: "charge_already_refunded" } => new RefundOutcome.AlreadyRefunded(),
            _ => new RefundOutcome.Failed(failure),
        };
    }

    public void Dispose() => http?.Dispose();

    private async Task<(T? Value, PaymentFailure? Failure)> CallAsync<T>(string operation, Func<Task<T>> call, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return (await call(), null);
        }
        catch (StripeException e)
        {
            var failure = Classify(e);
            LogFailed(logger, operation, (int)e.HttpStatusCode, e.StripeError?.Type, e.StripeError?.Code, failure.Kind);
            return (null, failure);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException ||
                                  (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Unreachable, reset or timed out (HttpClient reports its timeout as a cancellation we did not ask for).
            LogUnreachable(logger, operation, e.GetType().Name);
            return (null, new PaymentFailure(PaymentFailureKind.Unavailable));
        }
    }

    /// <summary>Stripe's HTTP status and error type → what the caller can do about it.</summary>
    internal static PaymentFailure Classify(StripeException e)
    {
        var status = (int)e.HttpStatusCode;
        var code = e.StripeError?.Code;
        var kind = e.HttpStatusCode switch
        {
            _ when e.StripeError?.Type == "idempotency_error" => PaymentFailureKind.IdempotencyKeyReused,
            HttpStatusCode.NotFound => PaymentFailureKind.NotFound,
            _ when code == "resource_missing" => PaymentFailureKind.NotFound,
            // 0: Stripe.net wraps a failure to reach Stripe at all (no response) in a StripeException.
            (HttpStatusCode)0 or HttpStatusCode.RequestTimeout or HttpStatusCode.Conflict or HttpStatusCode.TooManyRequests => PaymentFailureKind.Unavailable,
            _ when status >= 500 => PaymentFailureKind.Unavailable,
            _ => PaymentFailureKind.Refused,
        };
        return new PaymentFailure(kind, code);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe refused to {Operation}: HTTP {Status}, {ErrorType} {ErrorCode}; treated as {Failure}")]
    private static partial void LogFailed(ILogger logger, string operation, int status, string? errorType, string? errorCode, PaymentFailureKind failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not reach Stripe to {Operation} ({ExceptionType}); treated as Unavailable")]
    private static partial void LogUnreachable(ILogger logger, string operation, string exceptionType);
}

/// <summary>The metadata keys every session and payment carries, so a webhook can name the booking it is about.</summary>
public static class PaymentMetadata
{
    public const string CourseId = "courseId";
    public const string Reference = "reference";
}
