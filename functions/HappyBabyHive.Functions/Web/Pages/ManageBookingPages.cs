using HappyBabyHive.Bookings.Changes;
using HappyBabyHive.Bookings.Manage;
using HappyBabyHive.Configuration;
using HappyBabyHive.Courses;
using HappyBabyHive.Http;
using HappyBabyHive.Links;
using HappyBabyHive.Pages.Styles;
using HappyBabyHive.Pages.Website;
using HappyBabyHive.Pages.Website.Manage;
using HappyBabyHive.Text;
using HappyBabyHive.Time;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Web.Pages;

/// <summary>
/// The family's manage-booking and claim-offer pages and every answer they give: the booking, the "are you sure?"
/// steps, and one page per outcome, each with its status code. Opened from emails, so never framed; no script, so they
/// work with JavaScript off; every name, title and venue is the owner's or family's text and is encoded by Razor.
/// </summary>
public sealed class ManageBookingPages(
    PageResults pages,
    BookingLinks links,
    IOptions<BookingChangeOptions> changeOptions,
    IOptions<BusinessOptions> business,
    TimeProvider time,
    HappyBabyHive.Settings.IBusinessSettingsStore? settings = null,
    IOptions<HappyBabyHive.Payments.PaymentOptions>? payments = null)
{
    public const string ManageTitle = "Your booking";

    // ---- The manage page and its steps ----

    public Task<ContentResult> BookingAsync(HttpResponse response, string token, ManagedBooking managed)
    {
        var (booking, course) = (managed.Booking, managed.Course);
        var now = time.GetUtcNow();
        var cutOff = CutOff(course);
        var live = booking.Status != BookingStatus.Cancelled && course.Status != CourseStatus.Cancelled && now < course.FirstSessionStartsUtc;
        List<ManageAction> actions = [];
        if (live && booking.Status == BookingStatus.Confirmed && now <= cutOff)
        {
            actions.Add(new ManageAction(ManageFields.Cancel, "Cancel my place", $"Can't come after all? Cancel here until {When(cutOff)}, and the place goes to a family on the waitlist."));
            if (!booking.IsFreePlace)
            {
                actions.Add(new ManageAction(ManageFields.Move, "Move to another course", "Swap to another course of the same kind that has a place free. You'll see the choices first.", Secondary: true));
            }
        }
        else if (live && booking.Status == BookingStatus.Waitlisted)
        {
            actions.Add(new ManageAction(ManageFields.Cancel, "Leave the waitlist", "Found another course, or no longer need a place? Leave the waitlist and the families behind you move up."));
        }
        else if (live && booking.Status == BookingStatus.Offered)
        {
            actions.Add(new ManageAction(ManageFields.Cancel, "Turn down the place", "Don't want the place held for you? Turn it down and it goes to the next family."));
        }

        else if (HeldUntil(managed, now) is { } heldUntil)
        {
            // A POST, not a link: the session is looked up (never made twice) only when they press it, not by every
            // email scanner that opens this page.
            actions.Add(new ManageAction(ManageFields.Pay, PayNow, $"Your place is held until {UkDateFormat.ClockToday(heldUntil, now)}. Pay now to book it: you'll go to our secure payment page, and you won't pay twice."));
        }

        if (booking.Status != BookingStatus.Cancelled && course.Status != CourseStatus.Cancelled && now < course.LastSessionEndsUtc)
        {
            actions.Add(new ManageAction(ManageFields.Contact, "Update my contact details", "Changed your phone number or email address? Update them here, without booking again.", Secondary: true));
        }

        var model = new ManageBookingModel(
            token,
            booking.Reference,
            Status(booking, course, now, HeldUntil(managed, now)),
            booking.BabyFirstName,
            course.Title,
            Sessions(course),
            course.Venue,
            course.VenueAddress,
            Policy(booking, course),
            actions,
            ContactUs(booking.Reference))
        {
            Claim = live && booking is { Status: BookingStatus.Offered, OfferExpiresUtc: { } until } && until > now
                ? new PageLink("Take the place, or say no", $"{BookingLinks.ClaimRoute}?{BookingLinks.TokenParameter}={Uri.EscapeDataString(links.ClaimToken(course.Id, booking.Reference, until))}")
                : null,
            BookAgain = HoldEnded(booking, now) ? BookAgainLink(course, now) : null,
        };
        return PageAsync<ManageBookingView>(response, ManageTitle, model);
    }

    public const string PayNow = "Pay now";

    /// <summary>
    /// While a place is held for this family to pay by card (and the course can still be booked): when the hold ends.
    /// Null once it has ended, even before the timer has released it: then there is nothing to pay.
    /// </summary>
    public DateTimeOffset? HeldUntil(ManagedBooking managed) => HeldUntil(managed, time.GetUtcNow());

    private static DateTimeOffset? HeldUntil(ManagedBooking managed, DateTimeOffset now) =>
        managed is { Booking: { Status: BookingStatus.AwaitingPayment, Payment: { Method: PaymentMethod.Card, HeldUntilUtc: { } until } }, Course.Status: not CourseStatus.Cancelled } &&
        until > now && now < managed.Course.FirstSessionStartsUtc
            ? until
            : null;

    /// <summary>A place held while they paid whose time ran out: released already (cancelled, not paid) or about to be.</summary>
    private static bool HoldEnded(Booking booking, DateTimeOffset now) => booking switch
    {
        { Status: BookingStatus.Cancelled, CancellationReason: CancellationReason.PaymentNotCompleted } => true,
        { Status: BookingStatus.AwaitingPayment, Payment.HeldUntilUtc: var until } => until is null || until <= now,
        _ => false,
    };

    /// <summary>The booking form with this course chosen, while the course hasn't started; relative to this page (…/api/manage-booking).</summary>
    private static PageLink? BookAgainLink(Course course, DateTimeOffset now) =>
        course.Status != CourseStatus.Cancelled && now < course.FirstSessionStartsUtc
            ? new PageLink("Book again", $"forms/booking?course={Uri.EscapeDataString(course.Id)}")
            : null;

    /// <summary>"Pay now" pressed but Stripe couldn't be reached: the place stays held, and pressing again later resumes the same session.</summary>
    public Task<ContentResult> PaymentPageUnavailableAsync(HttpResponse response, string token, ManagedBooking managed)
    {
        var now = time.GetUtcNow();
        TryAgain.SetRetryAfter(response, TryAgain.AfterPaymentPage);
        return NoticeAsync(response, "Please try again in a few minutes", new ManageNoticeModel(
            TryAgain.PaymentPageTitle,
            [
                HeldUntil(managed, now) is { } until
                    ? $"Your place is still held until {UkDateFormat.ClockToday(until, now)}. Please come back to this page in a few minutes and press {PayNow} again: you'll go to the same payment page, and you won't pay twice."
                    : $"Please come back to this page in a few minutes and press {PayNow} again: you won't pay twice.",
            ],
            Problem: true,
            Link: BackToBooking(token, "Back to your booking")), StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>"Pay now" pressed with nothing to pay: the hold has ended (410, with how to book again), or it is already paid or changed.</summary>
    public Task<ContentResult> NothingToPayAsync(HttpResponse response, string token, ManagedBooking managed)
    {
        var (booking, course, now) = (managed.Booking, managed.Course, time.GetUtcNow());
        if (HoldEnded(booking, now))
        {
            return NoticeAsync(response, "The time to pay has run out", new ManageNoticeModel(
                "Your held place has gone",
                [HoldEndedLine(course, now), ContactUs(booking.Reference)],
                Problem: true,
                Link: BookAgainLink(course, now) ?? BackToBooking(token, "Back to your booking")), StatusCodes.Status410Gone);
        }

        return NoticeAsync(response, "Nothing to pay", new ManageNoticeModel(
            "Nothing has changed",
            [booking.Payment is { PaidPence: > 0 } ? "You've already paid for this place, thank you: there's nothing more to pay." : "There's nothing to pay for this booking just now."],
            Link: BackToBooking(token, "See your booking")), StatusCodes.Status409Conflict);
    }

    private static string HoldEndedLine(Course course, DateTimeOffset now) =>
        "We held a place for you while you paid, but the time ran out before payment was finished, so you're not booked and nothing was taken." +
        (BookAgainLink(course, now) is null ? string.Empty : " You're welcome to book again if there's still room.");

    public async Task<ContentResult> ConfirmCancelAsync(HttpResponse response, string token, ManagedBooking managed)
    {
        var money = await RefundLineAsync(managed.Booking, managed.Course);
        var (booking, course) = (managed.Booking, managed.Course);
        var back = BackToBooking(token, booking.Status switch
        {
            BookingStatus.Waitlisted => "No, stay on the waitlist",
            BookingStatus.Offered => "No, go back",
            _ => "No, keep my place",
        });
        var model = booking.Status switch
        {
            BookingStatus.Waitlisted => new ConfirmActionModel(
                token, ManageFields.Cancel, "Are you sure you want to leave the waitlist?",
                [$"{booking.BabyFirstName} will be taken off the waitlist for {course.Title}, and the families behind you move up. If you change your mind you'd join the back of the list."],
                "Yes, leave the waitlist", back),
            BookingStatus.Offered => new ConfirmActionModel(
                token, ManageFields.Cancel, "Are you sure you don't want the place?",
                [$"The place held for {booking.BabyFirstName} on {course.Title} will go to the next family on the waitlist."],
                "Yes, turn it down", back),
            _ => new ConfirmActionModel(
                token, ManageFields.Cancel, "Are you sure you want to cancel your place?",
                [
                    $"{booking.BabyFirstName}'s place on {course.Title} will be cancelled and offered to a family on the waitlist. This can't be undone: to come back, you'd need to book again if there's a place.",
                    .. Lines(money),
                    "We'll email you to confirm.",
                ],
                "Yes, cancel my place", back),
        };
        return await PageAsync<ConfirmActionView>(response, "Are you sure?", model);
    }

    private static string[] Lines(string? line) => line is null ? [] : [line];

    /// <summary>What cancelling now does with the family's money, under the owner's cancellation policy; null when there is no payment.</summary>
    private async Task<string?> RefundLineAsync(Booking booking, Course course)
    {
        if (booking.Payment is not { } payment || booking.IsFreePlace)
        {
            return null;
        }

        if (payment.PaidPence <= 0)
        {
            return booking.Status == BookingStatus.AwaitingPayment
                ? "You haven't finished paying, so nothing will be taken and there's nothing to refund."
                : "You haven't paid yet, so there's nothing to pay or refund.";
        }

        var policy = settings is null ? Courses.Refunds.RefundPolicy.Default : new Courses.Refunds.RefundPolicy((await settings.GetAsync(CancellationToken.None)).RefundDaysBefore);
        var until = policy.FullRefundUntilUtc(course);
        var days = policy.DaysBefore == 1 ? "1 day" : $"{policy.DaysBefore} days";
        return policy.RefundsFamilyCancellingAt(course, time.GetUtcNow())
            ? $"Our cancellation policy: a full refund if you cancel up to {days} before the first session (until {When(until)}). So we'll refund the {Money.Pounds(payment.PaidPence)} you paid" +
              (payment.Method == PaymentMethod.Card ? $" to your card; it usually takes {Courses.Emails.RefundWording.CardRefundArrives} to arrive." : " by bank transfer.")
            : $"Our cancellation policy: a full refund if you cancel up to {days} before the first session (until {When(until)}). That has passed, so the {Money.Pounds(payment.PaidPence)} you paid won't be refunded.";
    }

    public Task<ContentResult> MoveChoicesAsync(HttpResponse response, string token, ManagedBooking managed, IReadOnlyList<Course> choices, string? error = null) =>
        PageAsync<MoveChoicesView>(
            response,
            "Move to another course",
            new MoveChoicesModel(
                token,
                managed.Course.Title,
                [.. choices.Select(c => new MoveChoice(c.Id, c.Title, Schedule(c), c.Venue))],
                BackToBooking(token, "No, keep my booking as it is"),
                error),
            error is null ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity);

    public Task<ContentResult> ConfirmMoveAsync(HttpResponse response, string token, ManagedBooking managed, Course target) =>
        PageAsync<ConfirmActionView>(response, "Are you sure?", new ConfirmActionModel(
            token, ManageFields.Move, $"Move to {target.Title}?",
            [
                $"{managed.Booking.BabyFirstName}'s place on {managed.Course.Title} ({Schedule(managed.Course)}) will be given up, and {managed.Booking.BabyFirstName} will be booked onto {target.Title} ({Schedule(target)}) at {target.Venue} instead.",
                "We'll email you the new dates.",
            ],
            "Yes, move my booking",
            BackToBooking(token, "No, keep my booking as it is"),
            new Dictionary<string, string> { [ManageFields.Course] = target.Id }));

    public Task<ContentResult> ContactFormAsync(HttpResponse response, string token, ManagedBooking managed, ContactChange? typed = null, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        var booking = managed.Booking;
        var pending = booking.PendingEmail is null
            ? null
            : "You asked to change your email address. Please press the link we sent to the new address; until then we keep using the one you booked with.";
        return PageAsync<ContactFormView>(
            response,
            "Your contact details",
            new ContactFormModel(
                token,
                typed is null ? booking.Phone : typed.Phone,
                typed is null ? booking.Email : typed.Email,
                FirstError(errors, ManageFields.Phone),
                FirstError(errors, ManageFields.Email),
                pending,
                BackToBooking(token, "Back to your booking")),
            errors is null ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity);
    }

    // ---- Outcomes ----

    /// <param name="before">What the booking was before (booked, waiting or offered), to say what ended.</param>
    public Task<ContentResult> CancelledAsync(HttpResponse response, string token, CancelOutcome outcome, BookingStatus before) => outcome switch
    {
        CancelOutcome.Cancelled c when before == BookingStatus.Offered => NoticeAsync(response, "Thank you for letting us know", new ManageNoticeModel(
            "The place will go to someone else",
            [$"We'll offer the place on {c.Course.Title} to the next family on the waitlist. We hope to see you and {c.Booking.BabyFirstName} at another course soon."],
            Link: BackToBooking(token, "See your booking"))),
        CancelOutcome.Cancelled c when before == BookingStatus.Waitlisted => NoticeAsync(response, "You've left the waitlist", new ManageNoticeModel(
            "Done",
            [$"{c.Booking.BabyFirstName} is no longer on the waitlist for {c.Course.Title}.", "We've emailed you to confirm."],
            Link: BackToBooking(token, "See your booking"))),
        CancelOutcome.Cancelled c => NoticeAsync(response, "Your booking is cancelled", new ManageNoticeModel(
            "Done",
            [
                $"{c.Booking.BabyFirstName}'s place on {c.Course.Title} is cancelled, and we'll offer it to a family on the waitlist. Thank you for letting us know.",
                "We've emailed you to confirm.",
            ],
            Link: BackToBooking(token, "See your booking"))),
        CancelOutcome.AlreadyCancelled a => NoticeAsync(response, "Already cancelled", new ManageNoticeModel(
            "Nothing more to do",
            [$"This booking for {a.Booking.BabyFirstName} on {a.Course.Title} was already cancelled{(a.Booking.CancelledUtc is { } at ? $" on {When(at)}" : string.Empty)}. Nothing else has changed."],
            Link: BackToBooking(token, "See your booking"))),
        CancelOutcome.TooLate late => NoticeAsync(response, "It's too late to cancel here", new ManageNoticeModel(
            "Please get in touch instead",
            [
                $"Places can be cancelled here until {Durations.InWords(changeOptions.Value.CancellationCutOff)} before the first session, which was {When(late.CutOffUtc)}.",
                ContactUs(late.Booking.Reference),
            ],
            Problem: true,
            Link: BackToBooking(token, "Back to your booking")), StatusCodes.Status409Conflict),
        CancelOutcome.NothingToDecline n => NoticeAsync(response, "Nothing to turn down", new ManageNoticeModel(
            "Nothing has changed",
            [n.Booking.Status == BookingStatus.Confirmed
                ? $"{n.Booking.BabyFirstName}'s place on {n.Course.Title} is already yours, so there was nothing to turn down. If you can't come after all, you can cancel from your booking page."
                : $"There is no place on offer for {n.Booking.BabyFirstName} on {n.Course.Title} at the moment, so there was nothing to turn down."],
            Link: BackToBooking(token, "See your booking"))),
        CancelOutcome.CourseOver over => CourseOverAsync(response, token, over.Course),
        CancelOutcome.NotFound => NotFoundAsync(response),
        CancelOutcome.Busy => BusyAsync(response),
        _ => throw new InvalidOperationException($"Unhandled cancel outcome {outcome.GetType().Name}."),
    };

    public Task<ContentResult> MovedAsync(HttpResponse response, string token, TransferOutcome outcome) => outcome switch
    {
        TransferOutcome.Moved m => NoticeAsync(response, "You've moved course", new ManageNoticeModel(
            "All done",
            [
                $"{m.To.BabyFirstName} is now booked onto {m.ToCourse.Title} ({Schedule(m.ToCourse)}) at {m.ToCourse.Venue}. Your new booking reference is {m.To.Reference}.",
                $"Your place on {m.FromCourse.Title} has been given up. We've emailed you the new dates.",
            ],
            Link: ManageLink(m.ToCourse, m.To.Reference, "See your new booking"))),
        TransferOutcome.AlreadyMoved m => NoticeAsync(response, "Already moved", new ManageNoticeModel(
            "Nothing more to do",
            [$"{m.To.BabyFirstName} was already moved to {m.ToCourse.Title}; your booking reference there is {m.To.Reference}. Nothing else has changed."],
            Link: ManageLink(m.ToCourse, m.To.Reference, "See your new booking"))),
        TransferOutcome.NoSpace none => NoticeAsync(response, "That course has just filled up", new ManageNoticeModel(
            "Nothing has changed",
            [$"{none.ToCourse.Title} has no place free any more, so your booking stays as it was. You could choose another course."],
            Problem: true,
            Link: BackToBooking(token, "Back to your booking")), StatusCodes.Status409Conflict),
        TransferOutcome.NotMovable not => NoticeAsync(response, "This booking can't be moved here", new ManageNoticeModel(
            "Please get in touch instead",
            [not.Reason, ContactUs(not.Booking.Reference)],
            Problem: true,
            Link: BackToBooking(token, "Back to your booking")), StatusCodes.Status409Conflict),
        TransferOutcome.TooLate late => NoticeAsync(response, "It's too late to move here", new ManageNoticeModel(
            "Please get in touch instead",
            [
                $"Bookings can be changed here until {Durations.InWords(changeOptions.Value.CancellationCutOff)} before the first session, which was {When(late.CutOffUtc)}.",
                ContactUs(late.Booking.Reference),
            ],
            Problem: true,
            Link: BackToBooking(token, "Back to your booking")), StatusCodes.Status409Conflict),
        TransferOutcome.NotFound => NotFoundAsync(response),
        TransferOutcome.Busy => BusyAsync(response),
        _ => throw new InvalidOperationException($"Unhandled transfer outcome {outcome.GetType().Name}."),
    };

    public Task<ContentResult> ContactSavedAsync(HttpResponse response, string token, ContactOutcome outcome) => outcome switch
    {
        ContactOutcome.Updated u => NoticeAsync(response, "Your details are saved", new ManageNoticeModel(
            u.PhoneChanged || u.ConfirmationSent ? "Thank you" : "Nothing needed changing",
            [
                .. u.PhoneChanged ? ["Your new phone number is saved."] : Array.Empty<string>(),
                .. u.ConfirmationSent
                    ? [$"We've emailed a link to your new address. Please press it within {Durations.InWords(BookingEmailChange.LinkLifetime)}: until then we keep using the address you booked with. Can't see it? Please check your spam folder."]
                    : Array.Empty<string>(),
                .. u.PhoneChanged || u.ConfirmationSent ? Array.Empty<string>() : ["Your details were already up to date."],
            ],
            Link: BackToBooking(token, "Back to your booking"))),
        ContactOutcome.TooManyEmailChanges t => NoticeAsync(response, "Please get in touch", new ManageNoticeModel(
            "We can't change the email address again here",
            ["This booking's email address has been changed several times already, so for safety we'd like to do the next change with you.", ContactUs(t.Managed.Booking.Reference)],
            Problem: true,
            Link: BackToBooking(token, "Back to your booking")), StatusCodes.Status409Conflict),
        ContactOutcome.Closed c => NoticeAsync(response, "This booking has ended", new ManageNoticeModel(
            "Nothing to update",
            ["This booking is cancelled or its course has finished, so there's nothing to update.", ContactUs(c.Managed.Booking.Reference)],
            Problem: true,
            Link: BackToBooking(token, "Back to your booking")), StatusCodes.Status409Conflict),
        ContactOutcome.NotFound => NotFoundAsync(response),
        ContactOutcome.Busy => BusyAsync(response),
        _ => throw new InvalidOperationException($"Unhandled contact outcome {outcome.GetType().Name}."),
    };

    public Task<ContentResult> ConfirmEmailFormAsync(HttpResponse response, string token) => PageAsync<ConfirmActionView>(
        response,
        "Confirm your email address",
        new ConfirmActionModel(
            token, "confirm-email", "Is this your new email address?",
            ["Press the button to start getting emails about your booking at the address this link was sent to.", "Didn't ask for this? Just close this page and nothing will change."],
            "Yes, use this address",
            Back: null));

    public Task<ContentResult> EmailConfirmedAsync(HttpResponse response, EmailConfirmOutcome outcome) => outcome switch
    {
        EmailConfirmOutcome.Confirmed c => NoticeAsync(response, "Your email address is updated", new ManageNoticeModel(
            "All set",
            [$"From now on, emails about {c.Managed.Booking.BabyFirstName}'s booking on {c.Managed.Course.Title} come to this address."],
            Link: ManageLink(c.Managed.Course, c.Managed.Booking.Reference, "See your booking"))),
        EmailConfirmOutcome.AlreadyConfirmed a => NoticeAsync(response, "Already confirmed", new ManageNoticeModel(
            "Nothing more to do",
            ["This address was already confirmed. Nothing else has changed."],
            Link: ManageLink(a.Managed.Course, a.Managed.Booking.Reference, "See your booking"))),
        EmailConfirmOutcome.OutOfDate o => NoticeAsync(response, "This link is out of date", new ManageNoticeModel(
            "Nothing has changed",
            ["A newer change was asked for since this link was sent, or the booking has ended, so this link no longer applies. Please use the link in the most recent email.", ContactUs(o.Managed.Booking.Reference)],
            Problem: true), StatusCodes.Status409Conflict),
        EmailConfirmOutcome.NotFound => NotFoundAsync(response),
        EmailConfirmOutcome.Busy => BusyAsync(response),
        _ => throw new InvalidOperationException($"Unhandled email confirmation outcome {outcome.GetType().Name}."),
    };

    // ---- The claim page ----

    public Task<ContentResult> OfferAsync(HttpResponse response, string token, ManagedBooking managed) =>
        PageAsync<ClaimOfferView>(response, "A place has opened up", new ClaimOfferModel(
            token,
            managed.Booking.BabyFirstName,
            managed.Course.Title,
            Sessions(managed.Course),
            managed.Course.Venue,
            managed.Course.VenueAddress,
            managed.Booking.OfferExpiresUtc is { } until ? When(until) : "the offer ends")
        {
            OffersPaymentChoice = Bookings.PaymentChoice.Offered(managed.Course, payments?.Value.Enabled == true) is (true, true),
        });

    public Task<ContentResult> ConfirmDeclineAsync(HttpResponse response, string token, ManagedBooking managed) =>
        PageAsync<ConfirmActionView>(response, "Are you sure?", new ConfirmActionModel(
            token, ManageFields.Decline, "Are you sure you don't want the place?",
            [$"The place on {managed.Course.Title} will go to the next family on the waitlist, and you'll come off the waitlist."],
            "Yes, offer it to someone else",
            new PageLink("No, go back", $"{BookingLinks.ClaimRoute}?{BookingLinks.TokenParameter}={Uri.EscapeDataString(token)}")));

    public Task<ContentResult> ClaimedAsync(HttpResponse response, ClaimOutcome outcome) => outcome switch
    {
        // A paid place held while they pay, when Checkout couldn't be reached to send them on: say so, kindly.
        ClaimOutcome.Claimed { Booking: { Status: BookingStatus.AwaitingPayment } claimedHeld } => HeldForPaymentAsync(response, claimedHeld),
        ClaimOutcome.AlreadyClaimed { Booking: { Status: BookingStatus.AwaitingPayment } alreadyHeld } => HeldForPaymentAsync(response, alreadyHeld),
        ClaimOutcome.Claimed c => NoticeAsync(response, "The place is yours", new ManageNoticeModel(
            "You're booked!",
            [$"{c.Booking.BabyFirstName} is booked onto {c.Course.Title}. We've emailed your confirmation with every date and a calendar file."],
            Link: ManageLink(c.Course, c.Booking.Reference, "See your booking"))),
        ClaimOutcome.AlreadyClaimed a => NoticeAsync(response, "This place is already yours", new ManageNoticeModel(
            "Nothing more to do",
            [$"You already took this place: {a.Booking.BabyFirstName} is booked onto {a.Course.Title}. Nothing else has changed."],
            Link: ManageLink(a.Course, a.Booking.Reference, "See your booking"))),
        ClaimOutcome.OfferEnded e => OfferEndedAsync(response, e.Booking.Reference),
        ClaimOutcome.NotOffered n => NoticeAsync(response, "There's no place on offer", new ManageNoticeModel(
            "Nothing has changed",
            [n.Booking.Status == BookingStatus.Waitlisted
                ? $"You're still on the waitlist for {n.Course.Title}. If a place opens up for you, we'll email you straight away."
                : $"This booking isn't waiting for a place on {n.Course.Title}.",
            ],
            Problem: true,
            Link: ManageLink(n.Course, n.Booking.Reference, "See your booking")), StatusCodes.Status409Conflict),
        ClaimOutcome.NotFound => NotFoundAsync(response),
        ClaimOutcome.Busy => BusyAsync(response),
        _ => throw new InvalidOperationException($"Unhandled claim outcome {outcome.GetType().Name}."),
    };

    private Task<ContentResult> HeldForPaymentAsync(HttpResponse response, Booking held) =>
        NoticeAsync(response, "Your place is held while you pay", new ManageNoticeModel(
                "One more step: paying",
                [
                    $"We're holding this place for {held.BabyFirstName} until {UkDateFormat.Clock(held.Payment!.HeldUntilUtc!.Value)} on {UkDateFormat.DayAndDate(held.Payment.HeldUntilUtc.Value)}, but we can't reach our payment page just now.",
                    "Please open the link in your email again in a minute and press \"Yes, I'll take it\": you'll go straight to the payment page, and you won't pay twice.",
                ],
                Problem: true), StatusCodes.Status503ServiceUnavailable);

    public Task<ContentResult> OfferEndedAsync(HttpResponse response, string? reference) => NoticeAsync(response, "Sorry, this offer has ended", new ManageNoticeModel(
        "The place has gone to the next family",
        [
            "The time to claim this place ran out, or it was turned down, so it was offered to the next family on the waitlist.",
            ContactUs(reference),
        ],
        Problem: true), StatusCodes.Status410Gone);

    // ---- Problems shared by every page ----

    public Task<ContentResult> BadLinkAsync(HttpResponse response, LinkCheck check) => check == LinkCheck.Expired
        ? NoticeAsync(response, "This link has expired", new ManageNoticeModel(
            "What you can do",
            ["For your privacy, booking links stop working a week after the course ends.", ContactUs(null)],
            Problem: true), StatusCodes.Status410Gone)
        : NoticeAsync(response, "This link doesn't look right", new ManageNoticeModel(
            "What you can do",
            ["The link may have been cut short when it was copied. Please open it straight from the email, or copy the whole address.", ContactUs(null)],
            Problem: true), StatusCodes.Status400BadRequest);

    public Task<ContentResult> NotFoundAsync(HttpResponse response) => NoticeAsync(response, "We can't find this booking", new ManageNoticeModel(
        "What you can do",
        ["The booking this link points to no longer exists. Nothing has been changed.", ContactUs(null)],
        Problem: true), StatusCodes.Status404NotFound);

    public Task<ContentResult> CrossSiteAsync(HttpResponse response) => NoticeAsync(response, "That didn't come from your booking page", new ManageNoticeModel(
        "Nothing has been changed",
        ["For your safety, changes can only be made with the buttons on your booking page itself. Please open the link from your email and try again."],
        Problem: true), StatusCodes.Status403Forbidden);

    public Task<ContentResult> UnreadableAsync(HttpResponse response, string problem, int statusCode) => NoticeAsync(response, "Please use your booking page", new ManageNoticeModel(
        "Nothing has been changed", [problem, "Please open the link from your email and use the buttons on the page."], Problem: true), statusCode);

    public Task<ContentResult> BusyAsync(HttpResponse response) => NoticeAsync(response, TryAgain.BusyTitle, new ManageNoticeModel(
        "Please try again in a moment", [TryAgain.BusyDetail], Problem: true), StatusCodes.Status503ServiceUnavailable);

    private Task<ContentResult> CourseOverAsync(HttpResponse response, string token, Course course) => NoticeAsync(
        response,
        course.Status == CourseStatus.Cancelled ? "This course was cancelled" : "This course has already started",
        new ManageNoticeModel(
            "Nothing has been changed",
            [
                course.Status == CourseStatus.Cancelled
                    ? $"{course.Title} was cancelled, so there's nothing to cancel. We emailed everyone booked about what happens next."
                    : $"{course.Title} has already started, so the booking can't be changed here.",
                ContactUs(null),
            ],
            Problem: true,
            Link: BackToBooking(token, "Back to your booking")),
        StatusCodes.Status409Conflict);

    private Task<ContentResult> NoticeAsync(HttpResponse response, string title, ManageNoticeModel model, int statusCode = StatusCodes.Status200OK) =>
        PageAsync<ManageNoticeView>(response, title, model, statusCode);

    // Opened from an email and acting with a capability token: no site may frame these pages. "Pay now" and claiming an
    // offered place answer their post with a 303 to Stripe Checkout, and CSP form-action covers that redirect too, so
    // with card payments on the Checkout origin is allowed as well (as on the booking form).
    private Task<ContentResult> PageAsync<TBody>(HttpResponse response, string title, object model, int statusCode = StatusCodes.Status200OK)
        where TBody : IComponent =>
        pages.PageAsync<TBody>(response, new PageSpec(title, Framing.Never) { StatusCode = statusCode, Stylesheets = [Stylesheets.Forms], FormRedirectOrigins = CheckoutOrigins }, model);

    private IReadOnlyList<string> CheckoutOrigins => payments?.Value.FormRedirectOrigins() ?? [];

    private DateTimeOffset CutOff(Course course) => course.FirstSessionStartsUtc - changeOptions.Value.CancellationCutOff;

    private static string Status(Booking booking, Course course, DateTimeOffset now, DateTimeOffset? heldUntil) => booking.Status switch
    {
        _ when HoldEnded(booking, now) => HoldEndedLine(course, now),
        BookingStatus.Cancelled => $"This booking was cancelled{(booking.CancelledUtc is { } at ? $" on {When(at)}" : string.Empty)}.",
        _ when course.Status == CourseStatus.Cancelled => "This course was cancelled.",
        BookingStatus.Waitlisted => $"You're number {booking.WaitlistPosition} on the waitlist.",
        BookingStatus.AwaitingPayment when heldUntil is { } until => $"Your place is held until {UkDateFormat.ClockToday(until, now)}. You haven't paid yet, so you're not booked: press {PayNow} to finish.",
        BookingStatus.AwaitingPayment => "You haven't paid for this place, so you're not booked.",
        BookingStatus.Offered => $"A place has opened up and is held for you until {(booking.OfferExpiresUtc is { } until ? When(until) : "the offer ends")}.",
        _ when now >= course.LastSessionEndsUtc => "This course has finished.",
        _ when booking.IsFreePlace => "You're booked (a free place: there's nothing to pay).",
        _ => "You're booked.",
    };

    private IReadOnlyList<string> Policy(Booking booking, Course course)
    {
        var cutOff = CutOff(course);
        return
        [
            $"You can cancel your place here up to {Durations.InWords(changeOptions.Value.CancellationCutOff)} before the first session: until {When(cutOff)}.",
            $"After that, please get in touch with {business.Value.Name} instead (see below), quoting your booking reference {booking.Reference}.",
            "If you're on the waitlist, or have been offered a place, you can say no at any time before the course starts.",
        ];
    }

    private string ContactUs(string? reference) =>
        $"Questions? Just reply to any of our emails, or write to {business.Value.OwnerEmail}{(reference is null ? ", quoting your booking reference" : $", quoting {reference}")}. It comes straight to {business.Value.Name}.";

    private PageLink ManageLink(Course course, string reference, string text) =>
        new(text, $"{BookingLinks.ManageRoute}?{BookingLinks.TokenParameter}={Uri.EscapeDataString(links.ManageToken(course, reference))}");

    private static PageLink BackToBooking(string token, string text) =>
        new(text, $"{BookingLinks.ManageRoute}?{BookingLinks.TokenParameter}={Uri.EscapeDataString(token)}");

    private static IReadOnlyList<string> Sessions(Course course) => [.. course.Sessions.Select(s => UkDateFormat.SessionLine(s.StartsUtc, s.EndsUtc))];

    private static string Schedule(Course course) => UkDateFormat.ScheduleSummary([.. course.Sessions.Select(s => (s.StartsUtc, s.EndsUtc))]);

    private static string When(DateTimeOffset instant) => $"{UkDateFormat.DayAndDate(instant)} at {UkDateFormat.Clock(instant)}";

    private static string? FirstError(IReadOnlyDictionary<string, string[]>? errors, string field) =>
        errors is not null && errors.TryGetValue(field, out var messages) && messages.Length > 0 ? messages[0] : null;
}
