using HappyBabyHive.Links;
using HappyBabyHive.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using static HappyBabyHive.Web.HtmlPage;

namespace HappyBabyHive.WellbeingTips;

/// <summary>
/// The confirm and unsubscribe pages, in the shared layout (strict CSP, no script). They show nothing personal: the
/// token names a hashed key, and the pages never echo an address or a name.
/// </summary>
public sealed class SubscriptionPages(HtmlPage page)
{
    public ContentResult ConfirmForm(HttpResponse response, string token) => page.Render(
        response,
        "Confirm your weekly tips",
        "<p>Thank you for asking for our weekly wellbeing tips. Please press the button to confirm, and your first tip arrives on Monday morning.</p>" +
        Form(token, "Yes, send me the weekly tips"));

    public ContentResult Confirmed(HttpResponse response) => page.Render(
        response,
        "You're subscribed",
        "<p class=\"card status\">Thank you. Your weekly wellbeing tip arrives every Monday morning.</p>" +
        "<p>Every tip email has an unsubscribe link, so you can stop them with one click whenever you like.</p>");

    public ContentResult ConfirmOutOfDate(HttpResponse response) => page.Render(
        response,
        "This link is no longer active",
        "<p>This confirmation link belongs to an earlier request, or you have unsubscribed since. " +
        "If you'd like the weekly tips, please sign up again on our website and use the link in the new email.</p>",
        StatusCodes.Status409Conflict);

    public ContentResult UnsubscribeForm(HttpResponse response, string token) => page.Render(
        response,
        "Unsubscribe from weekly tips",
        "<p>Press the button to stop the weekly wellbeing tip emails. It takes effect straight away.</p>" +
        Form(token, "Unsubscribe"));

    public ContentResult Unsubscribed(HttpResponse response) => page.Render(
        response,
        "You've unsubscribed",
        "<p class=\"card status\">You won't get any more weekly tips from us, including any that were already on their way.</p>" +
        "<p>Changed your mind? You're welcome to sign up again on our website at any time.</p>");

    public ContentResult BadLink(HttpResponse response, LinkCheck check, bool unsubscribe) => check == LinkCheck.Expired
        ? page.Render(
            response,
            "This link has expired",
            unsubscribe
                ? "<p>This unsubscribe link is too old to use. Please use the link at the bottom of a more recent tip email, or simply reply to one and we'll unsubscribe you.</p>"
                : "<p>Confirmation links work for 7 days. Please sign up again on our website and use the link in the new email.</p>",
            StatusCodes.Status410Gone)
        : page.Render(
            response,
            "This link doesn't look right",
            "<p>The link may have been cut short when it was copied. Please open it straight from the email, or copy the whole address.</p>",
            StatusCodes.Status400BadRequest);

    public ContentResult TooLarge(HttpResponse response) =>
        page.Render(response, "Something went wrong", "<p>That request was too large.</p>", StatusCodes.Status413PayloadTooLarge);

    // No action attribute: the form posts back to the page's own address (which carries the token too).
    private static string Form(string token, string label) =>
        $"<form method=\"post\"><input type=\"hidden\" name=\"token\" value=\"{H(token)}\"><button type=\"submit\">{H(label)}</button></form>";
}
