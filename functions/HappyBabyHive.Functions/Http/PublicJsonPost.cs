using HappyBabyHive.Abuse;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace HappyBabyHive.Http;

/// <summary>A public JSON post read and let through, or the answer to give instead (never both).</summary>
/// <param name="Limits">What the post is counted against once its service accepts it (<see cref="PublicPostGuard.CountAsync"/>).</param>
public sealed record JsonPost<T>(T? Body, IActionResult? Answer, IReadOnlyList<LimitSubject> Limits)
    where T : class;

/// <summary>
/// The start every public JSON POST shares, in its order: CORS (a preflight is answered whole; a real request gets
/// the headers, so the website's script can read even a refusal), the body read under the size limit (400/413/415
/// problem details), then the <see cref="PublicPostGuard"/>: the Form-Token header and the shared limits (problem
/// details; 429 with Retry-After). Every answer after the body was read carries the next form token in Form-Token.
/// </summary>
public static class PublicJsonPost
{
    /// <param name="form">The form the token must have been issued for.</param>
    /// <param name="limits">The shared limits this post is checked against, from the body and the client address.</param>
    public static async Task<JsonPost<T>> ReadAsync<T>(
        HttpRequest request, Cors cors, PublicPostGuard guard, string form, Func<T, string, IReadOnlyList<LimitSubject>> limits, CancellationToken cancellationToken)
        where T : class
    {
        if (cors.HandlePreflight(request) is { } preflight)
        {
            return new(null, preflight, []);
        }

        var (body, problem) = await JsonBody.ReadAsync<T>(request, cancellationToken);
        if (problem is not null)
        {
            return new(null, problem, []);
        }

        var subjects = limits(body!, ClientAddress.Key(request));
        var admission = await guard.AdmitAsync(
            form, request.Headers[PublicPostGuard.TokenHeader].ToString(), fromApi: true, request.Headers["Idempotency-Key"].ToString(), subjects, cancellationToken);
        request.HttpContext.Response.Headers[PublicPostGuard.TokenHeader] = admission.NextToken;
        return admission.Admitted ? new(body, null, subjects) : new(null, PublicPostGuard.Problem(request, admission), subjects);
    }
}
