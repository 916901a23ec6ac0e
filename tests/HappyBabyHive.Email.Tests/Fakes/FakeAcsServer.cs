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
/// body against the EmailMessage schema, answers with the replies a test scripted for that Operation-Id (202 when
/// none are left), and records every request. It counts 202s per Operation-Id: "one send per email".
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
    private WebApplication? app;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>As the portal gives it: endpoint with a trailing slash, then the base64 key.</summary>
    public string ConnectionString => $"endpoint={Endpoint.AbsoluteUri};accesskey={Convert.ToBase64String(AccessKey)}";

    public void Script(Guid operationId, params FakeReply[] replies) =>
        scripts[operationId.ToString("D")] = new ConcurrentQueue<FakeReply>(replies);

    public IReadOnlyList<ReceivedRequest> RequestsFor(Guid operationId) =>
        [.. received.Where(r => r.OperationId == operationId.ToString("D"))];

    /// <summary>How many times the fake answered 202 for this Operation-Id.</summary>
    public int AcceptedCount(Guid operationId) => accepted.GetValueOrDefault(operationId.ToString("D"));

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
        var operationId = request.Headers["Operation-Id"].ToString();

        var (scheme, authProblem) = CheckAuthentication(request, rawTarget, body);
        var (json, requestProblem) = CheckRequest(request, rawTarget, body);

        var reply = authProblem is not null ? FakeReply.Error(401, "Denied")
            : requestProblem is not null ? FakeReply.Error(400, "InvalidRequest")
            : scripts.TryGetValue(operationId, out var script) && script.TryDequeue(out var next) ? next
            : FakeReply.Accepted();

        received.Enqueue(new ReceivedRequest(
            string.IsNullOrEmpty(operationId) ? null : operationId,
            request.Headers["x-ms-client-request-id"].ToString(),
            scheme,
            authProblem,
            requestProblem,
            json,
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            reply.Status));

        if (reply.Hang is { } hang)
        {
            try
            {
                await Task.Delay(hang, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // The client gave up on this attempt; it gets no answer.
            }
        }

        context.Response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        if (reply.Status == 202)
        {
            accepted.AddOrUpdate(operationId, 1, (_, n) => n + 1);
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
