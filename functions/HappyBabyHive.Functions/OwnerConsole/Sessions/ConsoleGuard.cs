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
/// itself (same origin) and carry this session's CSRF token. A session is the cookie and its stored row together
/// (<see cref="ConsoleSessions"/>): a signed-out, idle or expired session is refused like a missing cookie. When storage
/// cannot be reached the read throws, and the storage-outage middleware answers 503 with Retry-After.
/// </summary>
public sealed class ConsoleGuard(ConsoleSessions sessions, ConsolePage page, IOptions<BusinessOptions> business)
{
    /// <summary>The form field carrying the session's CSRF token (the console's forms write it with the CsrfField component).</summary>
    public const string CsrfField = HappyBabyHive.Pages.Console.CsrfField.Name;

    /// <summary>The session, or the redirect to answer with instead.</summary>
    public async Task<(OwnerSession? Session, IActionResult? Refusal)> RequireSessionAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (check, session) = await sessions.ReadAsync(request, cancellationToken);
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
        var (session, refusal) = await RequireSessionAsync(request, cancellationToken);
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
        var (session, refusal) = await RequireSessionAsync(request, request.HttpContext.RequestAborted);
        return session is null ? refusal! : await page(session);
    }

    /// <summary>
    /// For pages showing special-category data (a family's free-place note): <paramref name="page"/> runs only when
    /// the session was signed in by an emailed link recently; otherwise the owner is asked to confirm it is her with
    /// a fresh link, and nothing is read.
    /// </summary>
    public Task<IActionResult> RecentlySignedInAsync(HttpRequest request, Func<OwnerSession, Task<IActionResult>> page) =>
        SignedInAsync(request, async session => sessions.IsRecentSignIn(session) ? await page(session) : await ConfirmSignInAsync(request, session));

    /// <summary>The POST counterpart of <see cref="RecentlySignedInAsync"/>: a decision on a free-place request needs a recent sign-in too.</summary>
    public Task<IActionResult> RecentlySignedInPostAsync(HttpRequest request, Func<ConsolePost, Task<IActionResult>> handle, CancellationToken cancellationToken) =>
        PostedAsync(request, async post => sessions.IsRecentSignIn(post.Session) ? await handle(post) : await ConfirmSignInAsync(request, post.Session), cancellationToken);

    private async Task<IActionResult> ConfirmSignInAsync(HttpRequest request, OwnerSession session)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return await page.ConfirmSignInAsync(request, session);
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
