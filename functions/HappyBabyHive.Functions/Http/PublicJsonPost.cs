using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace HappyBabyHive.Http;

/// <summary>
/// The start every public JSON POST shares, in its order: CORS (a preflight is answered whole; a real request gets
/// the headers, so the website's script can read even a refusal), the per-client rate limit (429 with Retry-After),
/// then the body read under the size limit (400/413/415 problem details).
/// </summary>
public static class PublicJsonPost
{
    /// <returns>The body, or the answer to give instead (never both).</returns>
    public static async Task<(T? Body, IActionResult? Answer)> ReadAsync<T>(
        HttpRequest request, Cors cors, ClientRateLimiter rateLimiter, CancellationToken cancellationToken)
        where T : class
    {
        if (cors.HandlePreflight(request) is { } preflight)
        {
            return (null, preflight);
        }

        if (rateLimiter.TryAcquire(request) is { } retryAfter)
        {
            return (null, TryAgain.TooManyRequests(request, retryAfter));
        }

        var (body, problem) = await JsonBody.ReadAsync<T>(request, cancellationToken);
        return problem is null ? (body, null) : (null, problem);
    }
}
