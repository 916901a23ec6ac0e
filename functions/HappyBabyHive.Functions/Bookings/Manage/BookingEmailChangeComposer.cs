using HappyBabyHive.Configuration;
using HappyBabyHive.Courses;
using HappyBabyHive.Email;
using HappyBabyHive.Outbox;
using HappyBabyHive.Pages.Emails;
using HappyBabyHive.Courses.Partition;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Bookings.Manage;

/// <summary>
/// "Please confirm your new email address", sent to the address the family typed on their manage page (never to the
/// booking's current one, which keeps getting the booking's emails until the link is clicked). Nothing is sent when a
/// newer change or a confirmation has overtaken it.
/// </summary>
public sealed class BookingEmailChangeComposer(
    ICoursePartitionStore partitions,
    BookingEmailChange links,
    IOptions<BusinessOptions> business,
    EmailRenderer renderer) : IOutboxEmailComposer
{
    public bool CanCompose(string templateName) => BookingEmailChange.ChangeNumber(templateName) is not null;

    public async Task<EmailMessage?> ComposeAsync(OwedEmail owed, CancellationToken cancellationToken)
    {
        if (BookingEmailChange.ChangeNumber(owed.Template) is not { } change || partitions.BookingOwed(owed) is not { } key)
        {
            return null;
        }

        var snapshot = await partitions.LoadAsync(key.CourseId, cancellationToken);
        if (snapshot is null || await partitions.LoadBookingAsync(snapshot, key.Reference, cancellationToken) is not { PendingEmail: { } pending } booking ||
            booking.EmailChangeRequests != change)
        {
            return null;
        }

        return await ConfirmAsync(booking, pending, snapshot.Course, links.ConfirmUrl(key, change), owed.Id);
    }

    internal async Task<EmailMessage> ConfirmAsync(Booking booking, string newAddress, Course course, Uri confirmUrl, Guid id)
    {
        var b = business.Value;
        var email = await renderer.RenderAsync(new EmailContent(b.Name, "Please confirm your email address",
        [
            new EmailParagraph($"Hello {booking.ParentName},"),
            new EmailParagraph($"You asked us to send emails about {booking.BabyFirstName}'s place on {course.Title} to this address instead. Please press the button to confirm it's yours."),
            new EmailHighlight($"Your booking reference: {booking.Reference}"),
            new EmailButton("Yes, use this address", confirmUrl),
            new EmailParagraph($"The link works for {(int)BookingEmailChange.LinkLifetime.TotalHours} hours. Until you press it, we keep using the address you booked with."),
            new EmailParagraph($"Didn't ask for this? You can ignore this email and nothing will change. If you're worried, just reply to this email and it comes straight to {b.Name}."),
        ], $"{b.Name} runs baby massage and baby yoga in {b.Area}."));

        return new EmailMessage
        {
            To = new EmailRecipient(newAddress, booking.ParentName),
            Subject = $"Please confirm your email address for {course.Title}",
            HtmlBody = email.Html,
            TextBody = email.Text,
            IdempotencyKey = id,
        };
    }
}
