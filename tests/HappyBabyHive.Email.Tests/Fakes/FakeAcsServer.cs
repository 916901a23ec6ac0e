using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HappyBabyHive.Email.Tests.Fakes;

/// <summary>
/// A stand-in for the ACS Email data plane: Kestrel on 127.0.0.1 with a random port, one per test class. It checks
/// authentication the way ACS documents it (re-implemented here, independently of the app's code), checks the request
/// body against the EmailMessage schema, and records every request. Beyond that it behaves as the documents say:
/// <list type="bullet">
/// <item><c>POST /emails:send</c> creates an email operation (one email sent) and answers 202, unless the test scripted
/// another answer for that Operation-Id.</item>
/// <item>Repeatable requests (learn.microsoft.com/rest/api/communication/repeatable-requests): a POST whose
/// <c>Repeatability-Request-Id</c> was already accepted gets the original 202 again (with
/// <c>Repeatability-Result: accepted</c>) and sends nothing; while the original is still being processed it gets 409.
/// The window is about five minutes; <see cref="ForgetRepeatabilityRecords"/> plays its end.</item>
/// <item>A repeated <c>Operation-Id</c> on its own is not documented to do anything, so here it sends another email: the
/// worst case, which a client must not rely on being otherwise.</item>
/// <item><c>GET /emails/operations/{id}</c> answers 200 <c>{ id, status }</c> (Running while the send is processed,
/// then Succeeded, or what <see cref="SetOperationStatus"/> says), or 404 for an unknown id.</item>
/// </list>
/// <see cref="AcceptedCount"/> counts emails actually sent per Operation-Id: "one send per email".
/// </summary>
public sealed class FakeAcsServer : IAsyncLifetime
{
    public const string ApiVersion = "2023-03-31";
    public const string BearerToken = "fake-entra-token-for-happy-baby-hive-tests";

    /// <summary>The documented scope, with its double slash.</summary>
    public const string EntraScope = "https://communication.azure.com//.default";

    public static readonly byte[] AccessKey = SHA256.HashData("happy-baby-hive fake ACS access key"u8);

    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeReply>> scripts = new();
    private readonly ConcurrentQueue<ReceivedRequest> received = new();
    private readonly ConcurrentDictionary<string, int> accepted = new();
    private readonly ConcurrentDictionary<string, string> operations = new();
    private readonly ConcurrentDictionary<string, bool> repeatability = new(); // request id -> still in progress
    private readonly Lock sending = new();
    private WebApplication? app;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>As the portal gives it: endpoint with a trailing slash, then the base64 key.</summary>
    public string ConnectionString => $"endpoint={Endpoint.AbsoluteUri};accesskey={Convert.ToBase64String(AccessKey)}";

    public void Script(Guid operationId, params FakeReply[] replies) =>
        scripts[operationId.ToString("D")] = new ConcurrentQueue<FakeReply>(replies);

    /// <summary>The send requests (POST) that carried this Operation-Id.</summary>
    public IReadOnlyList<ReceivedRequest> RequestsFor(Guid operationId) =>
        [.. received.Where(r => r.Method == "POST" && r.OperationId == operationId.ToString("D"))];

    /// <summary>The status look-ups (GET /emails/operations/{id}) for this operation.</summary>
    public IReadOnlyList<ReceivedRequest> LookupsFor(Guid operationId) =>
        [.. received.Where(r => r.Method == "GET" && r.OperationId == operationId.ToString("D"))];

    /// <summary>How many emails ACS sent for this Operation-Id (operations created; a replayed answer sends nothing).</summary>
    public int AcceptedCount(Guid operationId) => accepted.GetValueOrDefault(operationId.ToString("D"));

    /// <summary>The repeatability window (about five minutes) has passed: repeats are no longer recognised.</summary>
    public void ForgetRepeatabilityRecords() => repeatability.Clear();

    /// <summary>What the status endpoint reports for an operation ACS already has (e.g. Failed).</summary>
    public void SetOperationStatus(Guid operationId, string status) => operations[operationId.ToString("D")] = status;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        Endpoint = new Uri(address);

        // Warm the server's request path up, so a test's first attempt is not slowed by start-up work.
        using var warmUp = new HttpClient();
        using var response = await warmUp.GetAsync(Endpoint);
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var (scheme, authProblem) = CheckAuthentication(request, rawTarget, body);

        if (request.Method == "GET" && OperationIdInPath(rawTarget) is { } lookedUp)
        {
            await LookUpAsync(context, lookedUp, scheme, authProblem);
            return;
        }

        var operationId = request.Headers["Operation-Id"].ToString();
        var requestId = request.Headers["Repeatability-Request-Id"].ToString();
        var (json, requestProblem) = CheckRequest(request, rawTarget, body);

        // A request lost on the way never reaches the service: nothing is checked, recorded as processed or sent.
        if (authProblem is null && requestProblem is null && scripts.TryGetValue(operationId, out var pending)
            && pending.TryPeek(out var first) && first.Lost is { } lost && pending.TryDequeue(out _))
        {
            Record(request, operationId, scheme, null, null, json, 0);
            await WaitOrAbortAsync(lost, context);
            return;
        }

        FakeReply reply;
        var sendsEmail = false;
        lock (sending)
        {
            if (authProblem is not null)
            {
                reply = FakeReply.Error(401, "Denied");
            }
            else if (requestProblem is not null)
            {
                reply = FakeReply.Error(400, "InvalidRequest");
            }
            else if (requestId.Length > 0 && repeatability.TryGetValue(requestId, out var inProgress))
            {
                reply = inProgress ? FakeReply.Error(409, "Conflict") : FakeReply.Replayed();
            }
            else
            {
                reply = scripts.TryGetValue(operationId, out var script) && script.TryDequeue(out var next) ? next : FakeReply.Accepted();
                if (reply.Status == 202)
                {
                    // Accepted: the email goes out whatever happens to the answer, and a repeat is now recognised.
                    sendsEmail = true;
                    accepted.AddOrUpdate(operationId, 1, (_, n) => n + 1);
                    operations[operationId] = "Running";
                    if (requestId.Length > 0)
                    {
                        repeatability[requestId] = true;
                    }
                }
            }
        }

        Record(request, operationId, scheme, authProblem, requestProblem, json, reply.Status);

        // ACS goes on processing an accepted send even if the client stops waiting for the answer.
        var processed = sendsEmail ? FinishProcessingAsync(operationId, requestId, reply.Hang ?? TimeSpan.Zero) : Task.CompletedTask;
        if (reply.Hang is { } hang)
        {
            await WaitOrAbortAsync(hang, context);
        }

        if (context.RequestAborted.IsCancellationRequested)
        {
            return; // The client gave up on this attempt; it gets no answer.
        }

        await processed;

        context.Response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        if (reply.Status == 202)
        {
            context.Response.Headers["Operation-Location"] = $"{Endpoint.AbsoluteUri}emails/operations/{operationId}?api-version={ApiVersion}";
            context.Response.Headers["retry-after"] = "30";
            await context.Response.WriteAsJsonAsync(new { id = operationId, status = "Running" });
        }
        else if (reply.Body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(reply.Body);
        }
    }

    private async Task FinishProcessingAsync(string operationId, string requestId, TimeSpan processing)
    {
        await Task.Delay(processing);
        operations.TryUpdate(operationId, "Succeeded", "Running");
        if (requestId.Length > 0)
        {
            repeatability[requestId] = false;
        }
    }

    private async Task LookUpAsync(HttpContext context, string operationId, string scheme, string? authProblem)
    {
        Record(context.Request, operationId, scheme, authProblem, null, null, authProblem is not null ? 401 : operations.ContainsKey(operationId) ? 200 : 404);
        if (authProblem is not null)
        {
            context.Response.StatusCode = 401;
            return;
        }

        if (!operations.TryGetValue(operationId, out var status))
        {
            context.Response.StatusCode = 404;
            context.Response.Headers["x-ms-error-code"] = "NotFound";
            await context.Response.WriteAsJsonAsync(new { error = new { code = "NotFound", message = "The operation was not found." } });
            return;
        }

        await context.Response.WriteAsJsonAsync(status == "Failed"
            ? new { id = operationId, status, error = (object?)new { code = "EmailDroppedAllRecipientsSuppressed", message = "Recipient sam@example.co.uk is suppressed." } }
            : new { id = operationId, status, error = (object?)null });
    }

    private void Record(HttpRequest request, string operationId, string scheme, string? authProblem, string? requestProblem, JsonElement? json, int status) =>
        received.Enqueue(new ReceivedRequest(
            string.IsNullOrEmpty(operationId) ? null : operationId,
            request.Headers["x-ms-client-request-id"].ToString(),
            scheme,
            authProblem,
            requestProblem,
            json,
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            status,
            request.Method));

    private static async Task WaitOrAbortAsync(TimeSpan wait, HttpContext context)
    {
        try
        {
            await Task.Delay(wait, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client gave up on this attempt.
        }
    }

    private static string? OperationIdInPath(string rawTarget)
    {
        const string prefix = "/emails/operations/";
        var query = $"?api-version={ApiVersion}";
        return rawTarget.StartsWith(prefix, StringComparison.Ordinal) && rawTarget.EndsWith(query, StringComparison.Ordinal)
            && Guid.TryParse(rawTarget[prefix.Length..^query.Length], out var id)
            ? id.ToString("D")
            : null;
    }

    /// <summary>
    /// The documented schemes, from the outside: for HMAC the content hash is recomputed from the received bytes and the
    /// string to sign rebuilt from the received method, request target, x-ms-date and Host.
    /// </summary>
    private static (string Scheme, string? Problem) CheckAuthentication(HttpRequest request, string rawTarget, byte[] body)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return ("Bearer", authorization == $"Bearer {BearerToken}" ? null : "the bearer token is not the one the credential issued");
        }

        if (!authorization.StartsWith("HMAC-SHA256 ", StringComparison.Ordinal))
        {
            return ("none", "no Authorization header");
        }

        var date = request.Headers["x-ms-date"].ToString();
        if (!DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
        {
            return ("HMAC", $"x-ms-date '{date}' is not an RFC 1123 date");
        }

        var contentHash = Convert.ToBase64String(SHA256.HashData(body));
        if (request.Headers["x-ms-content-sha256"].ToString() != contentHash)
        {
            return ("HMAC", "x-ms-content-sha256 does not match the body received");
        }

        var stringToSign = $"{request.Method.ToUpperInvariant()}\n{rawTarget}\n{date};{request.Headers.Host};{contentHash}";
        var signature = Convert.ToBase64String(HMACSHA256.HashData(AccessKey, Encoding.UTF8.GetBytes(stringToSign)));
        return authorization == $"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={signature}"
            ? ("HMAC", null)
            : ("HMAC", "the signature does not verify");
    }

    private static (JsonElement? Json, string? Problem) CheckRequest(HttpRequest request, string rawTarget, byte[] body)
    {
        if (request.Method != "POST" || rawTarget != $"/emails:send?api-version={ApiVersion}")
        {
            return (null, $"unexpected request {request.Method} {rawTarget}");
        }

        if (!request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) ?? true)
        {
            return (null, $"Content-Type is '{request.ContentType}'");
        }

        if (!Guid.TryParse(request.Headers["Operation-Id"].ToString(), out _))
        {
            return (null, "Operation-Id is missing or not a GUID");
        }

        // Repeatable requests: the id is a GUID and comes with the RFC 1123 time of the first attempt.
        var requestId = request.Headers["Repeatability-Request-Id"].ToString();
        var firstSent = request.Headers["Repeatability-First-Sent"].ToString();
        if ((requestId.Length > 0) != (firstSent.Length > 0))
        {
            return (null, "Repeatability-Request-Id and Repeatability-First-Sent go together");
        }

        if (requestId.Length > 0 && !Guid.TryParse(requestId, out _))
        {
            return (null, "Repeatability-Request-Id is not a GUID");
        }

        if (firstSent.Length > 0 && !DateTimeOffset.TryParseExact(firstSent, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
        {
            return (null, $"Repeatability-First-Sent '{firstSent}' is not an RFC 1123 date");
        }

        JsonElement json;
        try
        {
            using var document = JsonDocument.Parse(body);
            json = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return (null, "the body is not JSON");
        }

        return (json, SchemaProblem(json));
    }

    /// <summary>The required parts of EmailMessage (2023-03-31), and what the SDK also insists on.</summary>
    private static string? SchemaProblem(JsonElement json)
    {
        if (!NonEmptyString(json, "senderAddress"))
        {
            return "senderAddress is required";
        }

        if (!json.TryGetProperty("content", out var content) || !NonEmptyString(content, "subject"))
        {
            return "content.subject is required";
        }

        if (!NonEmptyString(content, "plainText") && !NonEmptyString(content, "html"))
        {
            return "content needs plainText or html";
        }

        if (!json.TryGetProperty("recipients", out var recipients) || !recipients.TryGetProperty("to", out var to)
            || to.ValueKind != JsonValueKind.Array || to.GetArrayLength() == 0 || to.EnumerateArray().Any(r => !NonEmptyString(r, "address")))
        {
            return "recipients.to needs at least one address";
        }

        if (json.TryGetProperty("replyTo", out var replyTo) && replyTo.EnumerateArray().Any(r => !NonEmptyString(r, "address")))
        {
            return "every replyTo needs an address";
        }

        if (json.TryGetProperty("attachments", out var attachments))
        {
            foreach (var attachment in attachments.EnumerateArray())
            {
                if (!NonEmptyString(attachment, "name") || !NonEmptyString(attachment, "contentType") || !NonEmptyString(attachment, "contentInBase64"))
                {
                    return "attachments need name, contentType and contentInBase64";
                }

                var base64 = attachment.GetProperty("contentInBase64").GetString()!;
                if (!Convert.TryFromBase64String(base64, new byte[base64.Length], out _))
                {
                    return "contentInBase64 is not base64";
                }
            }
        }

        if (json.TryGetProperty("headers", out var headers))
        {
            foreach (var header in headers.EnumerateObject())
            {
                if (header.Value.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(header.Value.GetString()))
                {
                    return $"header {header.Name} needs a non-empty string value";
                }

                if (header.Name.Any(char.IsControl) || header.Value.GetString()!.Any(char.IsControl))
                {
                    return $"header {header.Name} contains a control character";
                }
            }
        }

        return null;
    }

    private static bool NonEmptyString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(value.GetString());
}
