using HappyBabyHive.Email;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.Pages.Console;
using HappyBabyHive.Time;
using HappyBabyHive.WellbeingTips;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace HappyBabyHive.OwnerConsole.Pages;

/// <summary>The weekly tip's console page (<see cref="Tips"/>), and the next tip shown exactly as its email.</summary>
public sealed class TipsPage(ConsolePage page)
{
    public const string Title = "Weekly tip";

    /// <summary>The query parameter "send it now" comes back with, naming what happened.</summary>
    public const string DoneParameter = "done";

    public static string Url(HttpRequest request) => ConsolePaths.Base(request) + "/tips";

    public Task<ContentResult> RenderAsync(HttpRequest request, OwnerSession session, TipPreview preview)
    {
        var url = Url(request);
        var published = preview.Published;
        var model = new TipsModel(
            url + "/publish",
            url + "/preview",
            session.CsrfToken,
            Flash(request),
            "the week of " + UkDateFormat.Culture.TextInfo.ToTitleCase(preview.ThisWeek.Monday.ToString("dddd", UkDateFormat.Culture)) + " " + preview.ThisWeek.Monday.ToString("d MMMM", UkDateFormat.Culture),
            published is null ? null : new SentTip(published.Tip.Title, $"on {UkDateFormat.DayAndDate(published.Tip.PublishedUtc)} at {UkDateFormat.Clock(published.Tip.PublishedUtc)}"),
            published is { FanOut.CompletedUtc: null },
            preview.Next.Title,
            published is null
                ? "this week: on Monday at 08:00, or now if you send it"
                : $"on {preview.NextWeek.Monday.ToString("dddd d MMMM", UkDateFormat.Culture)} at 08:00",
            preview.Next.Paragraphs,
            preview.Next.TryThisWeek);
        return page.RenderAsync<Tips>(request, session, ConsoleSection.Tips, Title, model);
    }

    /// <summary>
    /// The email itself, as its own document: the console's page links here. It carries the email's inline styles, so
    /// its policy allows inline style and nothing else (no script, no forms, no framing).
    /// </summary>
    public static ContentResult Email(HttpResponse response, EmailMessage email)
    {
        response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";
        response.Headers.XFrameOptions = "DENY";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store";
        return new ContentResult { StatusCode = StatusCodes.Status200OK, ContentType = "text/html; charset=utf-8", Content = email.HtmlBody };
    }

    /// <summary>The note after "send it now", from fixed wording (the query string only picks which).</summary>
    private static string? Flash(HttpRequest request) => request.Query[DoneParameter].ToString() switch
    {
        "published" => "This week's tip is on its way to every parent who asked for it.",
        "already" => "This week's tip had already gone out, so nothing more was sent.",
        _ => null,
    };
}
