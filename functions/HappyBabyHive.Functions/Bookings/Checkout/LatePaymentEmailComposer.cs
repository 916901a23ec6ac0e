using HappyBabyHive.Configuration;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Emails;
using HappyBabyHive.Email;
using HappyBabyHive.Outbox;
using HappyBabyHive.Pages.Emails;
using HappyBabyHive.Text;
using HappyBabyHive.Time;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Bookings.Checkout;

/// <summary>
/// "We're sorry: your payment arrived after your place had gone, and it's on its way back to your card." Owed by
/// <see cref="CheckoutEventHandler"/> in the transaction that records the refund due (reason
/// <see cref="CheckoutEventHandler.NoPlaceRefundReason"/>); composed when it is sent, from the booking and course as they
/// are then, so the "book again" part says what is true at that moment. It says the refund is being made, never that it
/// is done: Stripe's <c>charge.refunded</c> sends no email of its own, so this is the only email about this money.
/// </summary>
public sealed class LatePaymentEmailComposer(
    IBookingEmailSubjects subjects,
    BookingLinks links,
    IOptions<BusinessOptions> business,
    EmailRenderer renderer,
    TimeProvider time) : IOutboxEmailComposer
{
    public bool CanCompose(string templateName) => templateName == EmailTemplates.LatePaymentRefund;

    public async Task<EmailMessage?> ComposeAsync(OwedEmail owed, CancellationToken cancellationToken)
    {
        // Only while the booking still stands as the handler left it: cancelled, with this card payment owed back.
        return await subjects.LoadAsync(owed.PartitionKey, owed.SubjectRowKey, cancellationToken) is
        {
            Booking: { Status: BookingStatus.Cancelled, Payment: { Method: PaymentMethod.Card, RefundDuePence: > 0, RefundReason: CheckoutEventHandler.NoPlaceRefundReason } } booking,
        } subject
            ? await SorryAsync(booking, subject.Course, owed.Id)
            : null;
    }

    /// <summary>The email for <paramref name="booking"/>, whose card payment of <c>RefundDuePence</c> is being given back.</summary>
    internal async Task<EmailMessage> SorryAsync(BookedFamily booking, Course course, Guid id)
    {
        var amount = Money.Pounds(booking.Payment!.RefundDuePence);
        var what = $"{course.Title} ({UkDateFormat.ScheduleSummary(course.Sessions.Select(s => (s.StartsUtc, s.EndsUtc)).ToList())})";
        List<EmailBlock> body =
        [
            new EmailParagraph($"Hello {booking.ParentName},"),
            new EmailParagraph(course.Status == CourseStatus.Cancelled
                ? $"We're sorry. Your payment for {booking.BabyFirstName}'s place on {what} reached us after the course had been cancelled, so there was no place to give you."
                : $"We're sorry. Your payment for {booking.BabyFirstName}'s place on {what} reached us after the place we were holding for you had been released, so we couldn't give you that place."),
            new EmailHighlight($"We're refunding the full {amount} to the card you paid with."),
            new EmailParagraph($"Refunds usually take {RefundWording.CardRefundArrives} to show in your account. You don't need to do anything."),
        ];

        var now = time.GetUtcNow();
        if (course.IsBookable(now))
        {
            body.Add(new EmailHeading("If you'd still like to come"));
            if (course.GeneralSpacesLeft > 0)
            {
                body.Add(new EmailParagraph("There are still places on this course, so you're very welcome to book again."));
                body.Add(new EmailButton("Book a place", BookingFormUrl(course)));
            }
            else
            {
                body.Add(new EmailParagraph("The course is full now, but you can join the waitlist and we'll email you if a place opens up."));
                body.Add(new EmailButton("Join the waitlist", BookingFormUrl(course)));
            }
        }

        body.Add(new EmailHighlight($"Your reference: {booking.Reference}"));
        body.Add(new EmailParagraph($"If you have any questions, or you'd like help finding another course, just reply to this email and quote {booking.Reference}. It comes straight to us."));
        body.Add(new EmailSmallPrint("You can see what happened on", "your booking page", links.ManageUrl(course, booking.Reference), "(the link works until a week after the course ends)."));

        var b = business.Value;
        var email = await renderer.RenderAsync(new EmailContent(b.Name, "Sorry, your place had gone", body,
            $"{b.Name} runs baby massage and baby yoga in {b.Area}. Replies to this email come straight to us."));
        return new EmailMessage
        {
            To = new EmailRecipient(booking.Email, booking.ParentName),
            Subject = $"Your payment is being refunded: {course.Title}",
            HtmlBody = email.Html,
            TextBody = email.Text,
            IdempotencyKey = id,
        };
    }

    /// <summary>The public booking form with this course chosen (<c>GET /api/forms/booking?course=</c>).</summary>
    private Uri BookingFormUrl(Course course) =>
        new($"{business.Value.PublicBaseUrl.TrimEnd('/')}/api/forms/booking?course={Uri.EscapeDataString(course.Id)}");
}
