using HappyBabyHive.Bookings;
using HappyBabyHive.Bookings.Changes;
using HappyBabyHive.Bookings.Checkout;
using HappyBabyHive.Bookings.Manage;
using HappyBabyHive.Configuration;
using HappyBabyHive.Courses;
using HappyBabyHive.Http;
using HappyBabyHive.Links;
using HappyBabyHive.Pages.Website;
using HappyBabyHive.Pages.Website.Manage;
using HappyBabyHive.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Functions;

/// <summary>
/// "A place has opened up for you": the page the offer email's signed claim link opens. GET shows the offer; "Yes,
/// I'll take it" claims with one POST (the page itself was the question); "No thanks" asks "are you sure?" first,
/// because it gives the place away. The token expires with the offer, so an old link says kindly that it ended.
/// </summary>
public sealed class PublicClaimOfferHttp(
    IManageBookingService bookings,
    IBookingChangeService changes,
    BookingLinks links,
    ManageBookingPages pages,
    IBookingCheckout checkout,
    IOptions<BusinessOptions> business)
{
    [Function(nameof(ShowClaimOffer))]
    public async Task<IActionResult> ShowClaimOffer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = BookingLinks.ClaimRoute)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var response = request.HttpContext.Response;
        var token = request.Query[BookingLinks.TokenParameter].ToString();
        var (key, refused) = await VerifyAsync(response, token);
        if (key is null)
        {
            return refused!;
        }

        return await bookings.LoadAsync(key, cancellationToken) switch
        {
            null => await pages.NotFoundAsync(response),
            { Booking.Status: BookingStatus.Offered } offered => await pages.OfferAsync(response, token, offered),
            // Claimed and still to pay (the email's link opened again): back to the same Checkout Session.
            { Booking.Status: BookingStatus.AwaitingPayment } when await checkout.StartAsync(key, cancellationToken) is CheckoutStart.Started { Session: var session } =>
                ToCheckout(response, session.Url),
            var other => await pages.ClaimedAsync(response, Standing(other)),
        };
    }

    [Function(nameof(AnswerClaimOffer))]
    public async Task<IActionResult> AnswerClaimOffer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = BookingLinks.ClaimRoute)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var response = request.HttpContext.Response;
        var (form, refusedPost) = await ManagePosts.ReadAsync(request, pages, business.Value.PublicBaseUrl, cancellationToken);
        if (form is null)
        {
            return refusedPost!;
        }

        var token = form.GetValueOrDefault(ManageFields.Token) ?? string.Empty;
        var (key, refused) = await VerifyAsync(response, token);
        if (key is null)
        {
            return refused!;
        }

        switch (form.GetValueOrDefault(ManageFields.Action))
        {
            case ManageFields.Claim:
                // The page asks "How would you like to pay?" only where the course allows another way; no answer is card.
                var method = PaymentMethod.Card;
                if (form.GetValueOrDefault(FieldNames.PaymentMethod) is { } chosen && !PaymentChoice.TryParse(chosen, out method))
                {
                    return await pages.UnreadableAsync(response, "We didn't recognise that way to pay.", StatusCodes.Status400BadRequest);
                }

                var claimed = await changes.ClaimOfferAsync(key, method, cancellationToken);
                if (claimed is ClaimOutcome.Claimed { Booking.Status: BookingStatus.AwaitingPayment } or ClaimOutcome.AlreadyClaimed { Booking.Status: BookingStatus.AwaitingPayment } &&
                    await checkout.StartAsync(key, cancellationToken) is CheckoutStart.Started { Session: var session })
                {
                    // A paid course: on to Stripe Checkout (303, so Back never re-posts the claim).
                    return ToCheckout(response, session.Url);
                }

                return await pages.ClaimedAsync(response, claimed);
            case ManageFields.Decline:
                // Declining ends the booking, so it is only ever asked of a booking that is still an offer: a family
                // who took the place a moment ago (another tab) must not lose it to a stale "no thanks".
                if (await bookings.LoadAsync(key, cancellationToken) is not { } managed)
                {
                    return await pages.NotFoundAsync(response);
                }

                if (managed.Booking.Status != BookingStatus.Offered)
                {
                    return await pages.ClaimedAsync(response, Standing(managed));
                }

                return form.GetValueOrDefault(ManageFields.Confirm) == ManageFields.Yes
                    ? await pages.CancelledAsync(response, ManageToken(managed), await changes.DeclineOfferAsync(key, cancellationToken), BookingStatus.Offered)
                    : await pages.ConfirmDeclineAsync(response, token, managed);
            default:
                return await pages.UnreadableAsync(response, "We didn't recognise that choice.", StatusCodes.Status400BadRequest);
        }
    }

    private static StatusCodeResult ToCheckout(HttpResponse response, Uri checkoutUrl)
    {
        response.Headers.Location = checkoutUrl.AbsoluteUri;
        return new StatusCodeResult(StatusCodes.Status303SeeOther);
    }

    private async Task<(BookingKey? Key, IActionResult? Refused)> VerifyAsync(HttpResponse response, string token)
    {
        var link = links.VerifyClaim(token);
        return link.Check switch
        {
            LinkCheck.Valid => (link.Booking, null),
            LinkCheck.Expired => (null, await pages.OfferEndedAsync(response, reference: null)),
            _ => (null, await pages.BadLinkAsync(response, link.Check)),
        };
    }

    /// <summary>Where a booking that is no longer an offer stands, told as the claim's outcome (nothing is changed).</summary>
    private static ClaimOutcome Standing(ManagedBooking managed) => managed.Booking switch
    {
        { Status: BookingStatus.Confirmed or BookingStatus.AwaitingPayment, OfferedUtc: not null } => new ClaimOutcome.AlreadyClaimed(managed.Booking, managed.Course),
        { Status: BookingStatus.Cancelled } => new ClaimOutcome.OfferEnded(managed.Booking, managed.Course),
        _ => new ClaimOutcome.NotOffered(managed.Booking, managed.Course),
    };

    private string ManageToken(ManagedBooking managed) => links.ManageToken(managed.Course, managed.Booking.Reference);
}
