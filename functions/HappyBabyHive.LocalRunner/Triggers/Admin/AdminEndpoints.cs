using System.Text.Json;
using HappyBabyHive.LocalRunner.Hosting;
using HappyBabyHive.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HappyBabyHive.LocalRunner.Triggers.Admin;

/// <summary>
/// <c>POST /admin/functions/{name}</c> with the master key runs a timer or queue function now, as the Functions
/// host's admin API does: body <c>{"input":"..."}</c> (a queue function's message text), answer 202 Accepted.
/// </summary>
internal static class AdminEndpoints
{
    public const string InvokeRoute = "admin/functions/{name}";

    /// <summary>The app's storage round-trip totals (see StorageRequestMetrics); the booking benchmark reads them.</summary>
    public const string StorageMetricsRoute = "admin/metrics/storage";
    private const int MaxBodyBytes = 64 * 1024;

    public static void MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var keys = app.ServiceProvider.GetRequiredService<FunctionKeys>();
        var triggers = app.ServiceProvider.GetRequiredService<OnDemandTriggers>();
        app.MapPost(InvokeRoute, (RequestDelegate)(context => InvokeAsync(context, keys, triggers)));
        app.MapGet(StorageMetricsRoute, (RequestDelegate)(async context =>
        {
            if (!keys.Allows(context.Request, "admin"))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            await Results.Json(StorageRequestMetrics.Snapshot()).ExecuteAsync(context);
        }));
    }

    private static async Task InvokeAsync(HttpContext context, FunctionKeys keys, OnDemandTriggers triggers)
    {
        if (!keys.Allows(context.Request, "admin"))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var name = context.Request.RouteValues["name"]?.ToString() ?? string.Empty;
        if (triggers.Find(name) is not { } trigger)
        {
            await Results.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "No such function.",
                detail: "Only timer and queue functions can be run this way; call HTTP functions at their own route.").ExecuteAsync(context);
            return;
        }

        var (input, valid) = await ReadInputAsync(context.Request, context.RequestAborted);
        if (!valid)
        {
            await Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "The body must be JSON like {\"input\": \"...\"}.",
                detail: "Send an empty body to run a timer, or {\"input\": \"message text\"} for a queue function.").ExecuteAsync(context);
            return;
        }

        triggers.Start(trigger, input);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    private static async Task<(string? Input, bool Valid)> ReadInputAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            body.Write(buffer, 0, read);
            if (body.Length > MaxBodyBytes)
            {
                return (null, false);
            }
        }

        if (body.Length == 0)
        {
            return (null, true);
        }

        try
        {
            using var json = JsonDocument.Parse(body.ToArray());
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, false);
            }

            return json.RootElement.TryGetProperty("input", out var input) && input.ValueKind != JsonValueKind.Null
                ? (input.ValueKind == JsonValueKind.String ? input.GetString() : input.GetRawText(), true)
                : (null, true);
        }
        catch (JsonException)
        {
            return (null, false);
        }
    }
}
