using System.Net;
using System.Net.Http.Headers;
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
    private readonly Uri sendUri;
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
        sendUri = SendUri(acs.Value.ResolvedEndpoint(), acs.Value.ApiVersion);
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

        using var request = new HttpRequestMessage(HttpMethod.Post, sendUri)
        {
            Content = new ByteArrayContent(AcsSendEmailRequest.From(message, senderAddress, replyTo).ToUtf8Json()),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        // The same Operation-Id on every attempt and every redelivery of this email is what makes POST retries safe:
        // ACS identifies the send by it. The request id is only for tracing, one per call.
        request.Headers.TryAddWithoutValidation("Operation-Id", operationId);
        request.Headers.TryAddWithoutValidation("x-ms-client-request-id", Guid.NewGuid().ToString("D"));

        using var response = await http.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            // 202 Accepted: ACS has the email and delivers it on its own; we do not poll the operation (polling spends quota).
            LogAccepted(logger, operationId, (int)response.StatusCode);
            return;
        }

        // Never read or log the body: ACS error messages can quote recipients' addresses. The error code is enough.
        var errorCode = ErrorCode(response);
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

    internal static Uri SendUri(Uri endpoint, string apiVersion) =>
        new($"{endpoint.AbsoluteUri.TrimEnd('/')}/emails:send?api-version={Uri.EscapeDataString(apiVersion)}", UriKind.Absolute);

    /// <summary>The x-ms-error-code header, kept to a short token so nothing else can ride along into logs.</summary>
    internal static string? ErrorCode(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("x-ms-error-code", out var values))
        {
            return null;
        }

        var code = new string([.. values.FirstOrDefault(string.Empty).Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-').Take(64)]);
        return code.Length == 0 ? null : code;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "ACS accepted email operation {OperationId} ({Status})")]
    private static partial void LogAccepted(ILogger logger, string operationId, int status);

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
