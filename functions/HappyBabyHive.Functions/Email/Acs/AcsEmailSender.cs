using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using HappyBabyHive.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Email.Acs;

/// <summary>
/// Sends through the Azure Communication Services Email REST API (<c>POST {endpoint}/emails:send</c>), a typed
/// HttpClient whose pipeline is: standard resilience handler (timeouts, retries, circuit breaker), then
/// <see cref="AcsAuthenticationHandler"/> (auth on every attempt). See <see cref="AcsEmailServiceCollectionExtensions"/>.
/// </summary>
public sealed partial class AcsEmailSender : IEmailSender
{
    private readonly HttpClient http;
    private readonly AcsThrottle throttle;
    private readonly TimeProvider time;
    private readonly ILogger<AcsEmailSender> logger;
    internal const string RepeatabilityRequestIdHeader = "Repeatability-Request-Id";
    internal const string RepeatabilityFirstSentHeader = "Repeatability-First-Sent";

    /// <summary>How long to wait before looking again at an email ACS reports as still in progress (409).</summary>
    internal static readonly TimeSpan InProgressDelay = TimeSpan.FromSeconds(30);

    private readonly Uri sendUri;
    private readonly Uri endpoint;
    private readonly string apiVersion;
    private readonly string senderAddress;
    private readonly string? replyTo;

    public AcsEmailSender(
        HttpClient http,
        IOptions<AcsOptions> acs,
        IOptions<EmailOptions> email,
        IOptions<BusinessOptions> business,
        AcsThrottle throttle,
        TimeProvider time,
        ILogger<AcsEmailSender> logger)
    {
        this.http = http;
        this.throttle = throttle;
        this.time = time;
        this.logger = logger;
        endpoint = acs.Value.ResolvedEndpoint();
        apiVersion = acs.Value.ApiVersion;
        sendUri = SendUri(endpoint, apiVersion);
        // ACS takes the sender's display name from the sender username resource (infra/app/email.bicep), not the request,
        // so EmailOptions.SenderName is not sent.
        senderAddress = email.Value.SenderAddress;
        replyTo = string.IsNullOrWhiteSpace(email.Value.ReplyToAddress) ? business.Value.OwnerEmail : email.Value.ReplyToAddress;
    }

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var operationId = message.IdempotencyKey.ToString("D");
        if (throttle.Remaining() is { } wait)
        {
            LogStillThrottled(logger, operationId, wait);
            throw new EmailThrottledException(wait);
        }

        // An earlier delivery may have been accepted (it crashed after the 202, or timed out after ACS took the email):
        // ask ACS before sending again. Repeatability only covers about five minutes; a lookup covers any gap.
        if (message.MayAlreadyBeSent && await FindOperationAsync(operationId, cancellationToken) is { } earlier)
        {
            LogFoundEarlier(logger, operationId, earlier.Status);
            earlier.ThrowIfFailed(operationId);
            return;
        }

        HttpResponseMessage response;
        try
        {
            response = await PostAsync(message, operationId, cancellationToken);
        }
        catch (Exception e) when (IsAmbiguous(e, cancellationToken))
        {
            // Timed out or lost the connection: ACS may have accepted the email and only the answer was lost.
            if (await TryFindOperationAsync(operationId, cancellationToken) is { } accepted)
            {
                LogFoundAfterTimeout(logger, operationId, accepted.Status);
                accepted.ThrowIfFailed(operationId);
                return;
            }

            throw;
        }

        using (response)
        {
            await HandleResponseAsync(response, operationId, cancellationToken);
        }
    }

    private async Task<HttpResponseMessage> PostAsync(EmailMessage message, string operationId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, sendUri)
        {
            Content = new ByteArrayContent(AcsSendEmailRequest.From(message, senderAddress, replyTo).ToUtf8Json()),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        // Documented idempotency (learn.microsoft.com/rest/api/communication/repeatable-requests): the same
        // Repeatability-Request-Id on every attempt of this email (derived from the outbox record, so also on every
        // redelivery), and the time this send began as Repeatability-First-Sent. Within ACS's window (about five
        // minutes) a repeat gets the original answer, or 409 while the original is still in progress; that is what
        // makes the resilience handler's POST retries safe. The same id is the Operation-Id, so the email can be looked
        // up at /emails/operations/{id}; what ACS does with a repeated Operation-Id alone is not documented, so it is not
        // relied on. The client request id is only for tracing, one per call.
        request.Headers.TryAddWithoutValidation("Operation-Id", operationId);
        request.Headers.TryAddWithoutValidation(RepeatabilityRequestIdHeader, operationId);
        request.Headers.TryAddWithoutValidation(RepeatabilityFirstSentHeader, time.GetUtcNow().ToString("r", CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("x-ms-client-request-id", Guid.NewGuid().ToString("D"));

        return await http.SendAsync(request, cancellationToken);
    }

    private async Task HandleResponseAsync(HttpResponseMessage response, string operationId, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            // 202 Accepted (or the original 202 replayed for a repeat): ACS has the email and delivers it on its own.
            LogAccepted(logger, operationId, (int)response.StatusCode);
            return;
        }

        // Never read or log the body: ACS error messages can quote recipients' addresses. The error code is enough.
        var errorCode = ErrorCode(response);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            // 409: a request with this Repeatability-Request-Id is still in progress at ACS. If the operation exists, the
            // email is on its way; if not yet, come back shortly and look again rather than send a second copy.
            if (await TryFindOperationAsync(operationId, cancellationToken) is { } inProgress)
            {
                LogFoundInProgress(logger, operationId, inProgress.Status);
                inProgress.ThrowIfFailed(operationId);
                return;
            }

            LogInProgress(logger, operationId, InProgressDelay);
            throw new EmailThrottledException(InProgressDelay);
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var retryAfter = AcsThrottle.RetryAfter(response, time) ?? AcsThrottle.DefaultDelay;
            throttle.HoldFor(retryAfter);
            LogThrottled(logger, operationId, retryAfter, errorCode);
            throw new EmailThrottledException(retryAfter);
        }

        LogRejected(logger, operationId, (int)response.StatusCode, errorCode);
        throw new AcsSendFailedException(response.StatusCode, errorCode);
    }

    /// <summary>GET /emails/operations/{id}: the operation's status, or null when ACS has no such email (404).</summary>
    private async Task<AcsOperation?> FindOperationAsync(string operationId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, OperationUri(endpoint, operationId, apiVersion));
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            // Without an answer we cannot know whether the email went: do not send; the queue tries again later.
            LogLookupFailed(logger, operationId, (int)response.StatusCode, ErrorCode(response));
            throw new AcsSendFailedException(response.StatusCode, ErrorCode(response));
        }

        // EmailSendResult { id, status, error? }: only the status and the error code are read (the message may quote addresses).
        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        var status = body.RootElement.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        var error = body.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object
            && e.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        return new AcsOperation(Token(status) ?? "Unknown", Token(error));
    }

    /// <summary>As <see cref="FindOperationAsync"/>, but a lookup that itself fails counts as "not known", for callers that rethrow their own error.</summary>
    private async Task<AcsOperation?> TryFindOperationAsync(string operationId, CancellationToken cancellationToken)
    {
        try
        {
            return await FindOperationAsync(operationId, cancellationToken);
        }
        catch (Exception e) when (IsAmbiguous(e, cancellationToken) || e is AcsSendFailedException or JsonException or Polly.CircuitBreaker.BrokenCircuitException)
        {
            return null;
        }
    }

    /// <summary>
    /// A timeout (the resilience handler's, or HttpClient's backstop) or a network failure, not the caller cancelling:
    /// the request may or may not have reached ACS.
    /// </summary>
    private static bool IsAmbiguous(Exception e, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested
        && e is Polly.Timeout.TimeoutRejectedException or TaskCanceledException or HttpRequestException;

    internal static Uri OperationUri(Uri endpoint, string operationId, string apiVersion) =>
        new($"{endpoint.AbsoluteUri.TrimEnd('/')}/emails/operations/{Uri.EscapeDataString(operationId)}?api-version={Uri.EscapeDataString(apiVersion)}", UriKind.Absolute);

    internal static Uri SendUri(Uri endpoint, string apiVersion) =>
        new($"{endpoint.AbsoluteUri.TrimEnd('/')}/emails:send?api-version={Uri.EscapeDataString(apiVersion)}", UriKind.Absolute);

    /// <summary>The x-ms-error-code header, kept to a short token so nothing else can ride along into logs.</summary>
    internal static string? ErrorCode(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-ms-error-code", out var values) ? Token(values.FirstOrDefault()) : null;

    /// <summary>A status or error code from ACS, kept to a short token so nothing else can ride along into logs.</summary>
    private static string? Token(string? value)
    {
        var code = new string([.. (value ?? string.Empty).Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-').Take(64)]);
        return code.Length == 0 ? null : code;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "ACS accepted email operation {OperationId} ({Status})")]
    private static partial void LogAccepted(ILogger logger, string operationId, int status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Email operation {OperationId} was already at ACS ({Status}) from an earlier delivery; not sending again")]
    private static partial void LogFoundEarlier(ILogger logger, string operationId, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending email operation {OperationId} timed out, but ACS has it ({Status}); not sending again")]
    private static partial void LogFoundAfterTimeout(ILogger logger, string operationId, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "ACS answered 409 for email operation {OperationId}: the original send is in progress ({Status}); not sending again")]
    private static partial void LogFoundInProgress(ILogger logger, string operationId, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "ACS answered 409 for email operation {OperationId}: still in progress; looking again in {RetryAfter}")]
    private static partial void LogInProgress(ILogger logger, string operationId, TimeSpan retryAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look up email operation {OperationId} at ACS: HTTP {Status} (error code {ErrorCode}); not sending until it can be checked")]
    private static partial void LogLookupFailed(ILogger logger, string operationId, int status, string? errorCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ACS throttled email operation {OperationId} for {RetryAfter} (error code {ErrorCode})")]
    private static partial void LogThrottled(ILogger logger, string operationId, TimeSpan retryAfter, string? errorCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Email operation {OperationId} not sent: ACS asked us to wait {RetryAfter} more")]
    private static partial void LogStillThrottled(ILogger logger, string operationId, TimeSpan retryAfter);

    [LoggerMessage(Level = LogLevel.Error, Message = "ACS refused email operation {OperationId} with HTTP {Status} (error code {ErrorCode})")]
    private static partial void LogRejected(ILogger logger, string operationId, int status, string? errorCode);
}

/// <summary>
/// ACS did not accept the email (4xx other than 429, or 5xx after the retries). Carries only the status and ACS error
/// code: never the response body or the recipient, which would end up in logs.
/// </summary>
public sealed class AcsSendFailedException(HttpStatusCode statusCode, string? errorCode)
    : Exception($"Azure Communication Services did not accept the email: HTTP {(int)statusCode} ({statusCode}), error code '{errorCode ?? "none"}'.")
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    public string? ErrorCode { get; } = errorCode;

    /// <summary>5xx and 408: worth another delivery later. 400/401/403/404 need a person (configuration or data).</summary>
    public bool IsTransient => (int)StatusCode >= 500 || StatusCode == HttpStatusCode.RequestTimeout;
}

/// <summary>What GET /emails/operations/{id} says about an email: NotStarted, Running, Succeeded, Failed or Canceled.</summary>
internal sealed record AcsOperation(string Status, string? ErrorCode)
{
    /// <summary>Failed or Canceled at ACS: sending the same email again would fail the same way; a person must look.</summary>
    public void ThrowIfFailed(string operationId)
    {
        if (Status is "Failed" or "Canceled")
        {
            throw new AcsOperationFailedException(operationId, Status, ErrorCode);
        }
    }
}

/// <summary>ACS accepted the email earlier but reports the operation as Failed or Canceled. Carries ids and codes only.</summary>
public sealed class AcsOperationFailedException(string operationId, string status, string? errorCode)
    : Exception($"Azure Communication Services reports email operation {operationId} as {status} (error code '{errorCode ?? "none"}').")
{
    public string Status { get; } = status;

    public string? ErrorCode { get; } = errorCode;
}
