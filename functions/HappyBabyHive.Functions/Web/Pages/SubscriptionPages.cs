using HappyBabyHive.Links;
using HappyBabyHive.Pages.Styles;
using HappyBabyHive.Pages.Website;
using HappyBabyHive.Text;
using HappyBabyHive.WellbeingTips;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Web.Pages;

/// <summary>
/// The confirm and unsubscribe pages (<see cref="NoticeView"/>), in the shared layout (strict CSP, no script, never
/// framed) and the forms' look: a heading that says where you are, a card that says what happened or what to press,
/// and for a problem what to do next. They show nothing personal: the token names a hashed key, and the pages never
/// echo an address or a name.
/// </summary>
public sealed class SubscriptionPages(PageResults pages, IOptions<WellbeingTipsOptions> options)
{
    private const string WhatYouCanDo = "What you can do";

    public Task<ContentResult> ConfirmFormAsync(HttpResponse response, string token) => PageAsync(
        response,
        "Confirm your weekly tips",
        new NoticeModel(
            "One more step",
            ["Thank you for asking for our weekly wellbeing tips. Please press the button to confirm, and your first tip arrives on Monday morning."],
            Button: new TokenButton(token, "Yes, send me the weekly tips")));

    public Task<ContentResult> ConfirmedAsync(HttpResponse response) => PageAsync(
        response,
        "You're subscribed",
        new NoticeModel(
            "All set",
            ["Thank you. Your weekly wellbeing tip arrives every Monday morning."],
            After: new NoticeNote("Good to know", "Every tip email has an unsubscribe link, so you can stop them with one click whenever you like.")));

    public Task<ContentResult> ConfirmOutOfDateAsync(HttpResponse response) => PageAsync(
        response,
        "This link is no longer active",
        new NoticeModel(
            WhatYouCanDo,
            ["This confirmation link belongs to an earlier request, or you have unsubscribed since. If you'd like the weekly tips, please sign up again on our website and use the link in the new email."],
            Problem: true),
        StatusCodes.Status409Conflict);

    public Task<ContentResult> UnsubscribeFormAsync(HttpResponse response, string token) => PageAsync(
        response,
        "Unsubscribe from weekly tips",
        new NoticeModel(
            "Stop the weekly tips",
            ["Press the button to stop the weekly wellbeing tip emails. It takes effect straight away."],
            Button: new TokenButton(token, "Unsubscribe")));

    public Task<ContentResult> UnsubscribedAsync(HttpResponse response) => PageAsync(
        response,
        "You've unsubscribed",
        new NoticeModel(
            "Done",
            ["You won't get any more weekly tips from us, including any that were already on their way."],
            After: new NoticeNote("Changed your mind?", "You're welcome to sign up again on our website at any time.")));

    /// <summary>
    /// A genuine link whose subscriber we no longer hold. Honest without saying whether the address gets tips: their
    /// details may have been deleted (after unsubscribing, or on request), or the link may be older than we can follow.
    /// </summary>
    public Task<ContentResult> UnsubscribeNotFoundAsync(HttpResponse response) => PageAsync(
        response,
        "We couldn't find this subscription",
        new NoticeModel(
            WhatYouCanDo,
            ["We hold no tips subscription under this link, so there was nothing to unsubscribe. Its details may already have been deleted, or the link may come from an old email. If tip emails still reach you, please use the unsubscribe link in the most recent one, or simply reply to it and we'll unsubscribe you."],
            Problem: true),
        StatusCodes.Status404NotFound);

    public Task<ContentResult> BadLinkAsync(HttpResponse response, LinkCheck check, bool unsubscribe) => check == LinkCheck.Expired
        ? PageAsync(
            response,
            "This link has expired",
            new NoticeModel(
                WhatYouCanDo,
                [
                    unsubscribe
                        ? "This unsubscribe link is too old to use. Please use the link at the bottom of a more recent tip email, or simply reply to one and we'll unsubscribe you."
                        : $"Confirmation links work for {Durations.InWords(options.Value.ConfirmLinkLifetime)}. Please sign up again on our website and use the link in the new email.",
                ],
                Problem: true),
            StatusCodes.Status410Gone)
        : PageAsync(
            response,
            "This link doesn't look right",
            new NoticeModel(
                WhatYouCanDo,
                ["The link may have been cut short when it was copied. Please open it straight from the email, or copy the whole address."],
                Problem: true),
            StatusCodes.Status400BadRequest);

    public Task<ContentResult> TooLargeAsync(HttpResponse response) => PageAsync(
        response,
        "Something went wrong",
        new NoticeModel(WhatYouCanDo, ["That request was too large for us to read. Please open the link straight from the email."], Problem: true),
        StatusCodes.Status413PayloadTooLarge);

    // Opened from an email, never inside the website: no framing at all.
    private Task<ContentResult> PageAsync(HttpResponse response, string title, NoticeModel model, int statusCode = StatusCodes.Status200OK) =>
        pages.PageAsync<NoticeView>(response, new PageSpec(title, Framing.Never) { StatusCode = statusCode, Stylesheets = [Stylesheets.Forms] }, model);
}
