using HappyBabyHive.Configuration;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Emails;
using HappyBabyHive.Email;
using HappyBabyHive.Outbox;
using HappyBabyHive.Pages.Emails;
using HappyBabyHive.Text;
using HappyBabyHive.Time;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Bookings.Changes;

/// <summary>
/// The emails a family gets when their booking changes after it was made: "your booking is cancelled" (or "you've left
/// the waitlist"), "a place is yours if you'd like it" with the claim button, and "we've passed the place on" when an
/// offer ran out. Each is composed when it is sent, from the booking as it is then, so an email that no longer fits
/// (an offer already claimed, a course cancelled meanwhile) is not sent at all.
/// </summary>
public sealed class BookingChangeEmailComposer(
    IBookingEmailSubjects subjects,
    BookingLinks links,
    IOptions<BusinessOptions> business,
    EmailRenderer renderer,
    TimeProvider time) : IOutboxEmailComposer
{
    public bool CanCompose(string templateName) =>
        templateName is EmailTemplates.BookingCancelled or EmailTemplates.PlaceOffered or EmailTemplates.OfferLapsed;

    public async Task<EmailMessage?> ComposeAsync(OwedEmail owed, CancellationToken cancellationToken)
    {
        if (await subjects.LoadAsync(owed.PartitionKey, owed.SubjectRowKey, cancellationToken) is not { } subject)
        {
            return null;
        }

        var (booking, course, _) = subject;
        return owed.Template switch
        {
            // Claimed, declined or lapsed before this went out (the family already knows), or the course was cancelled
            // (its own email says so): an offer they can no longer take would only confuse.
            EmailTemplates.PlaceOffered when booking is { Status: BookingStatus.Offered, OfferExpiresUtc: { } expires }
                && expires > time.GetUtcNow() && course.Status != CourseStatus.Cancelled =>
                await PlaceOfferedAsync(booking, course, expires, owed.Id),
            EmailTemplates.OfferLapsed when booking is { Status: BookingStatus.Cancelled, CancellationReason: CancellationReason.OfferLapsed } =>
                await OfferLapsedAsync(booking, course, owed.Id),
            EmailTemplates.BookingCancelled when booking is { Status: BookingStatus.Cancelled, CancellationReason: CancellationReason.ByFamily or CancellationReason.ByOwner } =>
                await CancelledAsync(booking, course, owed.Id),
            _ => null,
        };
    }

    /// <summary>"Your booking is cancelled", in the family's words or the owner's, or "you've left the waitlist".</summary>
    internal async Task<EmailMessage> CancelledAsync(BookedFamily booking, Course course, Guid id)
    {
        var b = business.Value;
        var byOwner = booking.CancellationReason == CancellationReason.ByOwner;
        var leftWaitlist = booking.CancelledFrom == BookingStatus.Waitlisted;
        var what = $"{course.Title} ({Schedule(course)}) at {course.Venue}";
        List<EmailBlock> body = [new EmailParagraph($"Hello {booking.ParentName},")];
        if (leftWaitlist)
        {
            body.Add(new EmailParagraph(byOwner
                ? $"We've taken {booking.BabyFirstName} off the waitlist for {what}."
                : $"You've taken {booking.BabyFirstName} off the waitlist for {what}. Thank you for letting us know: it means the next family hears sooner."));
            body.Add(new EmailHighlight($"Your reference: {booking.Reference}"));
            body.Add(new EmailHeading("What happens next"));
            body.Add(new EmailParagraph("There is nothing to pay and nothing more you need to do. We won't email you about places on this course again."));
            body.Add(new EmailParagraph(byOwner
                ? $"If this isn't what you expected, or you'd like help finding another course, just reply to this email and quote {booking.Reference}."
                : $"If you change your mind, you're very welcome to join the waitlist again from the booking form on our website, or just reply to this email and quote {booking.Reference}."));
        }
        else
        {
            body.Add(new EmailParagraph(byOwner
                ? $"We're sorry to tell you that we've had to cancel {booking.BabyFirstName}'s place on {what}."
                : $"You've cancelled {booking.BabyFirstName}'s place on {what}. We're sorry you can't come, and thank you for letting us know."));
            body.Add(new EmailHighlight($"Your reference: {booking.Reference}"));
            body.Add(new EmailHeading("What happens next"));
            body.Add(new EmailParagraph(booking.IsFreePlace
                ? "Your place was a free place, so there is nothing to pay. It goes back to be offered to another family who needs it."
                : "We'll offer your place to the next family on the waitlist, so it won't go to waste."));
            if (!booking.IsFreePlace && RefundWording.Sentence(booking.Payment, byOwner ? null : "as you cancelled close to the start (see our cancellation policy on your booking page).") is { } money)
            {
                body.Add(new EmailParagraph(money));
            }
            else if (!booking.IsFreePlace && course.PricePence > 0)
            {
                body.Add(new EmailParagraph(byOwner
                    ? "If you've already paid for your place, we'll be in touch about a refund. You don't need to do anything."
                    : "If you've already paid for your place, we'll be in touch about your payment. You don't need to do anything."));
            }

            body.Add(new EmailParagraph(byOwner
                ? $"If this isn't what you expected, or you'd like help finding another course, just reply to this email and quote {booking.Reference}. It comes straight to us."
                : $"We'd love to see you and {booking.BabyFirstName} at another course when the time is right. Just reply to this email and quote {booking.Reference} if we can help."));
        }

        body.Add(ManageLink(course, booking.Reference, "You can still see what happened on your booking page:"));
        return await MessageAsync(booking, id,
            subject: leftWaitlist ? $"You've left the waitlist: {course.Title}" : $"Your booking is cancelled: {course.Title}",
            heading: leftWaitlist ? "You've left the waitlist" : "Your booking is cancelled",
            body);
    }

    /// <summary>"A place is yours if you'd like it": held until <paramref name="expiresUtc"/>, with the claim button.</summary>
    internal async Task<EmailMessage> PlaceOfferedAsync(BookedFamily booking, Course course, DateTimeOffset expiresUtc, Guid id)
    {
        var until = $"{UkDateFormat.Clock(expiresUtc)} on {UkDateFormat.DayAndDate(expiresUtc)}";
        var where = string.IsNullOrWhiteSpace(course.VenueAddress) ? course.Venue : $"{course.Venue}, {course.VenueAddress}";
        List<EmailBlock> body =
        [
            new EmailParagraph($"Hello {booking.ParentName},"),
            new EmailParagraph($"Good news: a place has opened up on {course.Title}, and as you're next on the waitlist, it's yours if you'd like it. We'd love to meet you and {booking.BabyFirstName}."),
            new EmailHighlight($"We're holding it for you until {until}."),
            new EmailButton("Claim your place", links.ClaimUrl(course.Id, booking.Reference, expiresUtc)),
            new EmailParagraph("The button opens a page where you can take the place with one more tap. If it isn't right for you this time, you can say no thanks on the same page, and we'll offer it to the next family straight away."),
            new EmailParagraph($"If we don't hear from you by {until}, the place will go to the next family waiting, and we'll let you know. That's completely fine: there's nothing you need to do."),
            new EmailHeading("When"),
            new EmailList([.. course.Sessions.Select(s => UkDateFormat.SessionLine(s.StartsUtc, s.EndsUtc))]),
            new EmailSection("Where", where),
            new EmailParagraph(course.PricePence > 0 ? $"The course costs {Money.Pounds(course.PricePence)}." : "There is nothing to pay for this course."),
            new EmailHighlight($"Your reference: {booking.Reference}"),
            ManageLink(course, booking.Reference, "To see your booking, or to leave the waitlist, use your booking page:"),
        ];
        return await MessageAsync(booking, id,
            subject: $"A place is yours if you'd like it: {course.Title} from {UkDateFormat.DayAndDate(course.FirstSessionStartsUtc)}",
            heading: "A place has opened up for you",
            body);
    }

    /// <summary>"We've passed the place on": kind, no blame; a lapsed offer leaves the waitlist, so say how to come back.</summary>
    internal async Task<EmailMessage> OfferLapsedAsync(BookedFamily booking, Course course, Guid id)
    {
        List<EmailBlock> body =
        [
            new EmailParagraph($"Hello {booking.ParentName},"),
            new EmailParagraph($"We held a place on {course.Title} ({Schedule(course)}) for you and {booking.BabyFirstName}, and as we didn't hear back in time, we've offered it to the next family on the waitlist."),
            new EmailParagraph("Please don't worry about it. Life with a little one is full, and emails get missed. It's exactly why we hold places for a while and then pass them on."),
            new EmailHighlight($"Your reference: {booking.Reference}"),
            new EmailHeading("What this means"),
            new EmailParagraph("You're no longer on the waitlist for this course, so we won't email you about it again, and there is nothing to pay."),
            new EmailParagraph($"If you'd still like to come, book again from the booking form on our website: if a place is free you'll be booked straight in, and if not you'll go back on the waitlist. Or just reply to this email and quote {booking.Reference}, and we'll help you find a course that suits you both."),
        ];
        return await MessageAsync(booking, id,
            subject: $"The place on {course.Title} has gone to the next family",
            heading: "We've passed the place on",
            body);
    }

    private EmailSmallPrint ManageLink(Course course, string reference, string before) =>
        new(before, "your booking", links.ManageUrl(course, reference), "(the link works until a week after the course ends).");

    private async Task<EmailMessage> MessageAsync(BookedFamily booking, Guid id, string subject, string heading, IReadOnlyList<EmailBlock> body)
    {
        var b = business.Value;
        var email = await renderer.RenderAsync(new EmailContent(b.Name, heading, body,
            $"{b.Name} runs baby massage and baby yoga in {b.Area}. Replies to this email come straight to us."));
        return new EmailMessage
        {
            To = new EmailRecipient(booking.Email, booking.ParentName),
            Subject = subject,
            HtmlBody = email.Html,
            TextBody = email.Text,
            IdempotencyKey = id,
        };
    }

    private static string Schedule(Course course) =>
        UkDateFormat.ScheduleSummary(course.Sessions.Select(s => (s.StartsUtc, s.EndsUtc)).ToList());
}
