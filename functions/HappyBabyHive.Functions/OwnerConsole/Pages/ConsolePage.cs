using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.Pages.Console;
using HappyBabyHive.Pages.Rendering;
using HappyBabyHive.Pages.Styles;
using HappyBabyHive.Web;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.OwnerConsole.Pages;

/// <summary>
/// The console's layout on <see cref="PageResults"/>: the navigation bar (with Sign out) when signed in, the forms' and
/// the console's styles, and no framing by any site (the public forms may be framed by the business's website; the
/// console never is).
/// </summary>
public sealed class ConsolePage(PageResults pages, IOptions<OwnerConsoleOptions> options)
{
    /// <summary>Serves <typeparamref name="TBody"/> with <paramref name="model"/> as a console page.</summary>
    /// <param name="session">The signed-in owner, or null on the sign-in pages (no navigation then).</param>
    public Task<ContentResult> RenderAsync<TBody>(
        HttpRequest request, OwnerSession? session, ConsoleSection section, string title, object model,
        int statusCode = StatusCodes.Status200OK, string? documentTitle = null, bool wide = false)
        where TBody : IComponent
    {
        var page = new PageSpec(title, Framing.Never)
        {
            StatusCode = statusCode,
            DocumentTitle = documentTitle,
            Stylesheets = [Stylesheets.Forms, Stylesheets.Console],
            Header = session is null ? null : ComponentHtml.Fragment<ConsoleNav>(new ConsoleNavModel(ConsolePaths.Base(request), section, session.CsrfToken)),
            Wide = wide,
        };
        return pages.PageAsync<TBody>(request.HttpContext.Response, page, model);
    }

    /// <summary>A page that only says something (<see cref="NoticeKind"/>).</summary>
    public Task<ContentResult> NoticeAsync(
        HttpRequest request, OwnerSession? session, string title, NoticeKind kind, int statusCode, int minutes = 0, string? text = null) =>
        RenderAsync<Notice>(request, session, ConsoleSection.None, title, new NoticeModel(kind, Links(request), minutes, text), statusCode);

    public Task<ContentResult> CourseNotFoundAsync(HttpRequest request, OwnerSession session) =>
        RenderAsync<Notice>(
            request, session, ConsoleSection.Courses, "We couldn't find that course", new NoticeModel(NoticeKind.CourseNotFound, Links(request)), StatusCodes.Status404NotFound);

    /// <summary>"Confirm it's you": the page shown instead of a free-place note when the last emailed sign-in is too old.</summary>
    public Task<ContentResult> ConfirmSignInAsync(HttpRequest request, OwnerSession session) =>
        RenderAsync<ConfirmSignIn>(
            request, session, ConsoleSection.Home, "Confirm it's you",
            new ConfirmSignInModel(ConsolePaths.ConfirmSignIn(request), session.CsrfToken, (int)Math.Round(options.Value.RecentSignInWindow.TotalMinutes)));

    /// <summary>After "Email me a sign-in link": the link is on its way.</summary>
    public Task<ContentResult> ConfirmationSentAsync(HttpRequest request, OwnerSession session) =>
        NoticeAsync(request, session, "Check your email", NoticeKind.ConfirmationSent, StatusCodes.Status200OK, (int)Math.Round(options.Value.SignInLinkLifetime.TotalMinutes));

    private static ConsoleLinks Links(HttpRequest request) =>
        new(ConsolePaths.Dashboard(request), ConsolePaths.Base(request) + "/courses", ConsolePaths.SignIn(request));
}
