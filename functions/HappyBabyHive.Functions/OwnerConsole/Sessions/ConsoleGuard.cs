using HappyBabyHive.Configuration;
using HappyBabyHive.Http;
using HappyBabyHive.OwnerConsole.Pages;
using HappyBabyHive.Pages.Console;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.OwnerConsole.Sessions;

/// <summary>A console POST that passed every check: the session, and the form it sent.</summary>
public sealed record ConsolePost(OwnerSession Session, IReadOnlyDictionary<string, string> Form);

/// <summary>
/// The checks every console page runs before anything else. Without a valid session the answer is a 303 to the
/// sign-in page and nothing more (no data, and a broken cookie is removed). A POST must also come from the console
/// itself (same origin) and carry this session's CSRF token.
/// </summary>
public sealed class ConsoleGuard(OwnerSessionCookie cookies, ConsolePage page, IOptions<BusinessOptions> business)
{
    /// <summary>The form field carrying the session's CSRF token (the console's forms write it with the CsrfField component).</summary>
    public const string CsrfField = HappyBabyHive.Pages.Console.CsrfField.Name;

    /// <summary>The session, or the redirect to answer with instead.</summary>
    public (OwnerSession? Session, IActionResult? Refusal) RequireSession(HttpRequest request)
    {
        var (check, session) = cookies.Read(request);
        if (session is not null)
        {
            request.HttpContext.Response.Headers.CacheControl = "no-store";
            return (session, null);
        }

        if (check != SessionCheck.Missing)
        {
            OwnerSessionCookie.Clear(request);
        }

        return (null, SeeOther(request, ConsolePaths.SignIn(request)));
    }

    public async Task<(ConsolePost? Post, IActionResult? Refusal)> RequirePostAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (session, refusal) = RequireSession(request);
        if (session is null)
        {
            return (null, refusal);
        }

        if (SameSiteCheck.IsCrossSite(request, business.Value.PublicBaseUrl))
        {
            return (null, await ForbiddenAsync(request, session));
        }

        var (form, problem) = await FormBody.ReadAsync(request, cancellationToken);
        if (form is null)
        {
            return (null, await page.NoticeAsync(request, session, "Something went wrong", NoticeKind.FormUnreadable, StatusCodes.Status400BadRequest, text: problem));
        }

        if (!OwnerSessionCookie.IsValidCsrfToken(session, form.GetValueOrDefault(CsrfField)))
        {
            return (null, await ForbiddenAsync(request, session));
        }

        return (new ConsolePost(session, form), null);
    }

    /// <summary>
    /// The prologue of every console GET in one place: <paramref name="page"/> runs only for a signed-in owner;
    /// anyone else gets the redirect to sign in, and nothing is read.
    /// </summary>
    public async Task<IActionResult> SignedInAsync(HttpRequest request, Func<OwnerSession, Task<IActionResult>> page)
    {
        var (session, refusal) = RequireSession(request);
        return session is null ? refusal! : await page(session);
    }

    /// <summary>
    /// The prologue of every console POST in one place: <paramref name="handle"/> runs only for a signed-in owner's
    /// same-site form carrying the session's CSRF token; anything else gets its refusal and nothing changes.
    /// </summary>
    public async Task<IActionResult> PostedAsync(HttpRequest request, Func<ConsolePost, Task<IActionResult>> handle, CancellationToken cancellationToken)
    {
        var (post, refusal) = await RequirePostAsync(request, cancellationToken);
        return post is null ? refusal! : await handle(post);
    }

    /// <summary>303 See Other: the browser follows with a GET, so a refresh never repeats a POST.</summary>
    public static IActionResult SeeOther(HttpRequest request, string location)
    {
        var response = request.HttpContext.Response;
        response.Headers.Location = location;
        response.Headers.CacheControl = "no-store";
        return new StatusCodeResult(StatusCodes.Status303SeeOther);
    }

    private Task<ContentResult> ForbiddenAsync(HttpRequest request, OwnerSession session) =>
        page.NoticeAsync(request, session, "That didn't come from your console", NoticeKind.NotFromConsole, StatusCodes.Status403Forbidden);
}
