using HappyBabyHive.Bookings.Changes;
using HappyBabyHive.Bookings.Checkout;
using HappyBabyHive.Bookings.Manage;
using HappyBabyHive.Configuration;
using HappyBabyHive.Courses;
using HappyBabyHive.Http;
using HappyBabyHive.Pages.Website.Manage;
using HappyBabyHive.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Functions;

/// <summary>
/// The family's "manage my booking" page, opened from the signed link in their emails. GET only shows (email scanners
/// and link previews open links); every change is a POST from the page, in two steps: the first shows "are you
/// sure?", the second (confirm=yes) acts. The signed token in the form's hidden field is the capability and the only
/// thing that names the booking; a POST another site started is refused as well.
/// </summary>
public sealed class PublicManageBookingHttp(
    IManageBookingService bookings,
    IBookingChangeService changes,
    IBookingTransfers transfers,
    BookingLinks links,
    ManageBookingPages pages,
    IBookingCheckout checkout,
    IOptions<BusinessOptions> business)
{
    [Function(nameof(ShowManageBooking))]
    public async Task<IActionResult> ShowManageBooking(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = BookingLinks.ManageRoute)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var response = request.HttpContext.Response;
        var token = request.Query[BookingLinks.TokenParameter].ToString();
        var link = links.VerifyManage(token);
        if (!link.IsValid)
        {
            return await pages.BadLinkAsync(response, link.Check);
        }

        return await bookings.LoadAsync(link.Booking!, cancellationToken) is { } managed
            ? await pages.BookingAsync(response, token, managed)
            : await pages.NotFoundAsync(response);
    }

    [Function(nameof(ChangeManageBooking))]
    public async Task<IActionResult> ChangeManageBooking(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = BookingLinks.ManageRoute)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var response = request.HttpContext.Response;
        var (form, refused) = await ManagePosts.ReadAsync(request, pages, business.Value.PublicBaseUrl, cancellationToken);
        if (form is null)
        {
            return refused!;
        }

        var token = form.GetValueOrDefault(ManageFields.Token) ?? string.Empty;
        var link = links.VerifyManage(token);
        if (!link.IsValid)
        {
            return await pages.BadLinkAsync(response, link.Check);
        }

        // Read first: the "are you sure?" step shows the booking, and an outcome page says what it was (booked, waiting,
        // offered). The change itself re-reads inside its own guarded transaction, so this read decides nothing.
        var key = link.Booking!;
        if (await bookings.LoadAsync(key, cancellationToken) is not { } managed)
        {
            return await pages.NotFoundAsync(response);
        }

        var confirmed = form.GetValueOrDefault(ManageFields.Confirm) == ManageFields.Yes;
        switch (form.GetValueOrDefault(ManageFields.Action))
        {
            case ManageFields.Cancel when !confirmed:
                return await pages.ConfirmCancelAsync(response, token, managed);
            case ManageFields.Cancel when managed.Booking.Status == BookingStatus.Offered:
                // Turning down a held place is a decline (recorded as such, and the place goes on), not a cancellation.
                return await pages.CancelledAsync(response, token, await changes.DeclineOfferAsync(key, cancellationToken), BookingStatus.Offered);
            case ManageFields.Cancel:
                return await pages.CancelledAsync(response, token, await changes.CancelAsync(key, ChangedBy.Family, emailFamily: true, cancellationToken), managed.Booking.Status);
            case ManageFields.Move:
                return await MoveAsync(response, token, managed, key, form.GetValueOrDefault(ManageFields.Course), confirmed, cancellationToken);
            case ManageFields.Contact when !confirmed:
                return await pages.ContactFormAsync(response, token, managed);
            case ManageFields.Contact:
                return await ContactAsync(response, token, managed, key, form, cancellationToken);
            case ManageFields.Pay:
                return await PayAsync(response, token, managed, key, cancellationToken);
            default:
                return await pages.UnreadableAsync(response, "We didn't recognise that choice.", StatusCodes.Status400BadRequest);
        }
    }

    /// <summary>
    /// "Pay now" for a held place: on to the booking's Checkout Session, the same one the booking started (the same
    /// idempotency key and expiry, so Stripe gives back the session it made rather than a second one), with a 303 so
    /// Back never re-posts. Once the hold has ended there is nothing to pay, and Stripe isn't asked.
    /// </summary>
    private async Task<IActionResult> PayAsync(HttpResponse response, string token, ManagedBooking managed, BookingKey key, CancellationToken cancellationToken)
    {
        if (pages.HeldUntil(managed) is null)
        {
            return await pages.NothingToPayAsync(response, token, managed);
        }

        switch (await checkout.StartAsync(key, cancellationToken))
        {
            case CheckoutStart.Started { Session: var session }:
                response.Headers.Location = session.Url.AbsoluteUri;
                return new StatusCodeResult(StatusCodes.Status303SeeOther);
            case CheckoutStart.Unavailable:
                return await pages.PaymentPageUnavailableAsync(response, token, managed);
            case CheckoutStart.NothingToPay { Booking: var now }:
                return await pages.NothingToPayAsync(response, token, managed with { Booking = now });
            default:
                return await pages.NotFoundAsync(response);
        }
    }

    private async Task<IActionResult> ContactAsync(HttpResponse response, string token, ManagedBooking managed, BookingKey key, IReadOnlyDictionary<string, string> form, CancellationToken cancellationToken)
    {
        var typed = new ContactChange(form.GetValueOrDefault(ManageFields.Phone), form.GetValueOrDefault(ManageFields.Email));
        var outcome = await bookings.UpdateContactAsync(key, typed, cancellationToken);
        return outcome is ContactOutcome.Invalid invalid
            ? await pages.ContactFormAsync(response, token, managed, typed, invalid.Errors)
            : await pages.ContactSavedAsync(response, token, outcome);
    }

    private async Task<IActionResult> MoveAsync(HttpResponse response, string token, ManagedBooking managed, BookingKey key, string? toCourseId, bool confirmed, CancellationToken cancellationToken)
    {
        // The choices are read again at each step: the one picked must still be on offer (same kind, open, a place free).
        var choices = await transfers.ChoicesAsync(key, cancellationToken);
        if (string.IsNullOrEmpty(toCourseId))
        {
            return await pages.MoveChoicesAsync(response, token, managed, choices);
        }

        if (!confirmed)
        {
            return choices.FirstOrDefault(c => c.Id == toCourseId) is { } target
                ? await pages.ConfirmMoveAsync(response, token, managed, target)
                : await pages.MoveChoicesAsync(response, token, managed, choices, "That course has no place free any more. Please choose another.");
        }

        return await pages.MovedAsync(response, token, await transfers.MoveAsync(key, toCourseId, ChangedBy.Family, cancellationToken));
    }
}
