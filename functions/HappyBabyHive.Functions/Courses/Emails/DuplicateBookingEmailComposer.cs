using HappyBabyHive.Configuration;
using HappyBabyHive.Email;
using HappyBabyHive.Outbox;
using HappyBabyHive.Pages.Emails;
using HappyBabyHive.Time;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Courses.Emails;

/// <summary>
/// "You already have a booking": sent to the address on file when someone books again as that family without the
/// original request's Idempotency-Key. The booking form answered them like a new booking (docs/abuse-resistance.md,
/// "Repeat bookings"), so the real reference, status and manage link go only to the family's own inbox.
/// </summary>
public sealed class DuplicateBookingEmailComposer(
    IBookingEmailSubjects subjects,
    IOptions<BusinessOptions> business,
    BookingLinks links,
    EmailRenderer renderer,
    TimeProvider time) : IOutboxEmailComposer
{
    public bool CanCompose(string templateName) => EmailTemplates.IsBookingDuplicate(templateName);

    public async Task<EmailMessage?> ComposeAsync(OwedEmail owed, CancellationToken cancellationToken)
    {
        if (await subjects.LoadAsync(owed.PartitionKey, owed.SubjectRowKey, cancellationToken) is not { } subject)
        {
            return null;
        }

        var (booking, course, _) = subject;
        if (course.Status == CourseStatus.Cancelled || booking.Status == BookingStatus.Cancelled)
        {
            return null;
        }

        var b = business.Value;
        var now = time.GetUtcNow();
        // A place held while they pay: the link is their way back to the same payment page, for as long as the hold lasts.
        var heldUntil = booking is { Status: BookingStatus.AwaitingPayment, Payment.HeldUntilUtc: { } holdEnds } && holdEnds > now ? holdEnds : (DateTimeOffset?)null;
        var standing = booking.Status switch
        {
            BookingStatus.Waitlisted => $"You're number {booking.WaitlistPosition} on the waitlist.",
            BookingStatus.AwaitingPayment when heldUntil is { } until =>
                $"We're holding your place until {UkDateFormat.ClockToday(until, now)}, but you haven't paid yet, so you're not booked. The button below takes you to your booking page, where you can finish paying (you won't pay twice).",
            BookingStatus.AwaitingPayment =>
                "We held a place for you while you paid, but the time to pay has run out, so you're not booked and nothing was taken. You're welcome to book again if there's still room.",
            BookingStatus.Offered => "A place has opened up and is held for you: claim it from your booking page.",
            _ => $"{booking.BabyFirstName} is booked in.",
        };
        var email = await renderer.RenderAsync(new EmailContent(b.Name, "You already have a booking",
        [
            new EmailParagraph($"Hello {booking.ParentName},"),
            new EmailParagraph($"Someone (probably you) just tried to book {booking.BabyFirstName} onto {course.Title} again. You already have a booking, so we haven't made a second one and nothing has changed."),
            new EmailHighlight($"Your booking reference: {booking.Reference}"),
            new EmailParagraph(standing),
            new EmailButton(heldUntil is null ? "Manage my booking" : "Finish paying", links.ManageUrl(course, booking.Reference)),
            new EmailParagraph($"If this wasn't you, there's nothing you need to do: your booking is safe. If you have a question, just reply to this email quoting {booking.Reference}."),
        ], $"{b.Name} runs baby massage and baby yoga in {b.Area}."));

        return new EmailMessage
        {
            To = new EmailRecipient(booking.Email, booking.ParentName),
            Subject = $"You already have a booking: {course.Title} from {UkDateFormat.DayAndDate(course.FirstSessionStartsUtc)}",
            HtmlBody = email.Html,
            TextBody = email.Text,
            IdempotencyKey = owed.Id,
        };
    }
}
