using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace HappyBabyHive.Web;

/// <summary>
/// The headers every HTTP response gets, whatever function wrote it and however it ended (a page, JSON, a CSV, a
/// redirect, a 503): HSTS; nosniff; no framing unless the response set its own Content-Security-Policy (pages do, in
/// <see cref="PageResults"/>, and only the embeddable forms allow the business's website as a frame ancestor); and
/// Cache-Control: no-store unless the response chose its own caching (only the public tips and the forms script do),
/// so no answer carrying personal data (the admin API's JSON, the console's pages, the register CSV) is ever kept by
/// a browser or a proxy. Set when the response starts, so an answer rewritten on the way (the storage-outage 503
/// clears the response) still carries them.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>A year, subdomains included: the app is only ever served over HTTPS (the host redirects plain HTTP).</summary>
    public const string StrictTransportSecurity = "max-age=31536000; includeSubDomains";

    /// <summary>For responses that are not pages: nothing to load, and no site may frame them.</summary>
    public const string NoFramingPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>Registers <see cref="Apply"/> to run as <paramref name="response"/> starts.</summary>
    public static void ApplyWhenStarting(HttpResponse response) =>
        response.OnStarting(static state =>
        {
            Apply((HttpResponse)state);
            return Task.CompletedTask;
        }, response);

    public static void Apply(HttpResponse response)
    {
        var headers = response.Headers;
        headers.StrictTransportSecurity = StrictTransportSecurity;
        headers.XContentTypeOptions = "nosniff";
        if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
        {
            headers.ContentSecurityPolicy = NoFramingPolicy;
            headers.XFrameOptions = "DENY";
        }

        if (string.IsNullOrEmpty(headers.CacheControl))
        {
            headers.CacheControl = "no-store";
        }
    }
}

/// <summary>Adds <see cref="SecurityHeaders"/> to every HTTP function's response (the local runner calls the same method).</summary>
internal sealed class SecurityHeadersMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http)
        {
            SecurityHeaders.ApplyWhenStarting(http.Response);
        }

        await next(context);
    }
}
