using HappyBabyHive.Links;
using HappyBabyHive.Text;
using HappyBabyHive.WellbeingTips;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using static HappyBabyHive.Web.Forms.FormFields;
using static HappyBabyHive.Web.HtmlPage;

namespace HappyBabyHive.Web.Pages;

/// <summary>
/// The confirm and unsubscribe pages, in the shared layout (strict CSP, no script) and the forms' look: a heading
/// that says where you are, a card that says what happened or what to press, and for a problem what to do next. They
/// show nothing personal: the token names a hashed key, and the pages never echo an address or a name.
/// </summary>
public sealed class SubscriptionPages(HtmlPage page, IOptions<WellbeingTipsOptions> options)
{
    private const string WhatYouCanDo = "What you can do";

    public ContentResult ConfirmForm(HttpResponse response, string token) => page.Render(
        response,
        "Confirm your weekly tips",
        StatusCard(
            "One more step",
            "<p>Thank you for asking for our weekly wellbeing tips. Please press the button to confirm, and your first tip arrives on Monday morning.</p>" +
            Form(token, "Yes, send me the weekly tips")));

    public ContentResult Confirmed(HttpResponse response) => page.Render(
        response,
        "You're subscribed",
        StatusCard("All set", "<p>Thank you. Your weekly wellbeing tip arrives every Monday morning.</p>") +
        "<h2>Good to know</h2><p>Every tip email has an unsubscribe link, so you can stop them with one click whenever you like.</p>");

    public ContentResult ConfirmOutOfDate(HttpResponse response) => page.Render(
        response,
        "This link is no longer active",
        StatusCard(
            WhatYouCanDo,
            "<p>This confirmation link belongs to an earlier request, or you have unsubscribed since. " +
            "If you'd like the weekly tips, please sign up again on our website and use the link in the new email.</p>",
            problem: true),
        StatusCodes.Status409Conflict);

    public ContentResult UnsubscribeForm(HttpResponse response, string token) => page.Render(
        response,
        "Unsubscribe from weekly tips",
        StatusCard(
            "Stop the weekly tips",
            "<p>Press the button to stop the weekly wellbeing tip emails. It takes effect straight away.</p>" + Form(token, "Unsubscribe")));

    public ContentResult Unsubscribed(HttpResponse response) => page.Render(
        response,
        "You've unsubscribed",
        StatusCard("Done", "<p>You won't get any more weekly tips from us, including any that were already on their way.</p>") +
        "<h2>Changed your mind?</h2><p>You're welcome to sign up again on our website at any time.</p>");

    public ContentResult BadLink(HttpResponse response, LinkCheck check, bool unsubscribe) => check == LinkCheck.Expired
        ? page.Render(
            response,
            "This link has expired",
            StatusCard(
                WhatYouCanDo,
                unsubscribe
                    ? "<p>This unsubscribe link is too old to use. Please use the link at the bottom of a more recent tip email, or simply reply to one and we'll unsubscribe you.</p>"
                    : $"<p>Confirmation links work for {H(Durations.InWords(options.Value.ConfirmLinkLifetime))}. Please sign up again on our website and use the link in the new email.</p>",
                problem: true),
            StatusCodes.Status410Gone)
        : page.Render(
            response,
            "This link doesn't look right",
            StatusCard(
                WhatYouCanDo,
                "<p>The link may have been cut short when it was copied. Please open it straight from the email, or copy the whole address.</p>",
                problem: true),
            StatusCodes.Status400BadRequest);

    public ContentResult TooLarge(HttpResponse response) => page.Render(
        response,
        "Something went wrong",
        StatusCard(WhatYouCanDo, "<p>That request was too large for us to read. Please open the link straight from the email.</p>", problem: true),
        StatusCodes.Status413PayloadTooLarge);

    // No action attribute: the form posts back to the page's own address (which carries the token too).
    private static string Form(string token, string label) =>
        $"<form method=\"post\"><input type=\"hidden\" name=\"token\" value=\"{H(token)}\"><button type=\"submit\">{H(label)}</button></form>";
}
