using HappyBabyHive.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Http;

/// <summary>
/// In-app CORS for the website's origins. Flex Consumption's platform CORS may not apply to every route, so the app
/// answers preflights and adds the headers itself (issue #5). Unknown origins simply get no CORS headers.
/// </summary>
public sealed class Cors(IOptions<WebsiteOptions> website)
{
    public const string AllowedMethods = "GET, POST, OPTIONS";
    public const string AllowedHeaders = "Content-Type, Idempotency-Key, Form-Token";

    /// <summary>Response headers the website's script may read: the next form token (<c>PublicPostGuard</c>).</summary>
    public const string ExposedHeaders = "Form-Token, Retry-After";

    public static bool IsPreflight(HttpRequest request) => HttpMethods.IsOptions(request.Method);

    /// <summary>
    /// The first line of every browser-facing function: adds CORS headers for an allowed origin and, for a preflight
    /// (OPTIONS), returns the complete answer; for any other method returns null and the function carries on.
    /// </summary>
    public IActionResult? HandlePreflight(HttpRequest request)
    {
        if (IsPreflight(request))
        {
            return Preflight(request);
        }

        Apply(request);
        return null;
    }

    /// <summary>Adds Access-Control-Allow-Origin when the request comes from an allowed origin.</summary>
    public void Apply(HttpRequest request)
    {
        var response = request.HttpContext.Response;
        response.Headers.Append("Vary", "Origin");
        if (AllowedOrigin(request) is { } origin)
        {
            response.Headers["Access-Control-Allow-Origin"] = origin;
            response.Headers["Access-Control-Expose-Headers"] = ExposedHeaders;
        }
    }

    public IActionResult Preflight(HttpRequest request)
    {
        Apply(request);
        var response = request.HttpContext.Response;
        if (AllowedOrigin(request) is not null)
        {
            response.Headers["Access-Control-Allow-Methods"] = AllowedMethods;
            response.Headers["Access-Control-Allow-Headers"] = AllowedHeaders;
            response.Headers["Access-Control-Max-Age"] = "3600";
        }

        return new NoContentResult();
    }

    private string? AllowedOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString().TrimEnd('/');
        return origin.Length > 0 && website.Value.Origins.Contains(origin, StringComparer.OrdinalIgnoreCase) ? origin : null;
    }
}
