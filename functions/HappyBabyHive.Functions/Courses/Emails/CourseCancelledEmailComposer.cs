using HappyBabyHive.Configuration;
using HappyBabyHive.Courses;
using HappyBabyHive.Email;
using HappyBabyHive.Outbox;
using HappyBabyHive.Pages.Emails;
using HappyBabyHive.Time;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Courses.Emails;

/// <summary>
/// "We're sorry: your course has been cancelled", to each booked, free-place or waitlisted family. It says plainly what
/// happens about payment for their kind of place, adds the owner's message if she wrote one, and suggests upcoming
/// courses their baby is the right age for.
/// </summary>
public sealed class CourseCancelledEmailComposer(
    IBookingEmailSubjects subjects,
    ICourseStore courses,
    IOptions<BusinessOptions> business,
    EmailRenderer renderer,
    TimeProvider time) : IOutboxEmailComposer
{
    private const int MaxSuggestions = 3;

    /// <summary>For a family who was still paying for a held place when the course was cancelled.</summary>
    internal const string HeldPlaceSentence =
        "We were holding a place for you while you paid, and we've stopped that payment: nothing was taken, so there is nothing to refund and nothing you need to do. If a payment did go through at that very moment, we'll refund it in full and email you to say so.";

    public bool CanCompose(string templateName) => templateName == EmailTemplates.CourseCancelled;

    public async Task<EmailMessage?> ComposeAsync(OwedEmail owed, CancellationToken cancellationToken)
    {
        if (await subjects.LoadAsync(owed.PartitionKey, owed.SubjectRowKey, cancellationToken) is not { Course.Status: CourseStatus.Cancelled } subject)
        {
            return null;
        }

        var (booking, cancelled, ownerMessage) = subject;
        var now = time.GetUtcNow();
        var others = (await courses.ListUpcomingAsync(now, cancellationToken))
            .Where(c => c.Id != cancelled.Id && c.IsBookable(now) && booking.BabyDateOfBirth is { } born && c.BabyAge.Contains(born, c.FirstSessionUkDate))
            .Take(MaxSuggestions)
            .ToList();
        return await CancelledAsync(booking, cancelled, ownerMessage, others, owed.Id);
    }

    internal async Task<EmailMessage> CancelledAsync(BookedFamily booking, Course course, string? ownerMessage, IReadOnlyList<Course> otherCourses, Guid id)
    {
        var b = business.Value;
        var schedule = UkDateFormat.ScheduleSummary(course.Sessions.Select(s => (s.StartsUtc, s.EndsUtc)).ToList());
        List<EmailBlock> body =
        [
            new EmailParagraph($"Hello {booking.ParentName},"),
            new EmailParagraph($"We're very sorry to tell you that {course.Title} ({schedule}) at {course.Venue} has been cancelled, so it won't go ahead."),
        ];
        if (!string.IsNullOrWhiteSpace(ownerMessage))
        {
            body.Add(new EmailHeading($"A message from {b.Name}"));
            body.AddRange(ownerMessage.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line => new EmailParagraph(line)));
        }

        body.Add(new EmailHighlight($"Your reference: {booking.Reference}"));
        body.Add(new EmailParagraph(booking.IsWaitlisted
            ? "You were on the waitlist for this course, so there is nothing to pay and nothing you need to do."
            : booking.IsFreePlace
                ? "Your place was a free place, so there is nothing to pay and nothing you need to do."
                : booking is { CancellationReason: CancellationReason.CourseCancelled, Payment: null or { PaidPence: 0 } }
                    ? HeldPlaceSentence
                    : RefundWording.Sentence(booking.Payment) ?? "If you've already paid for your place, we'll be in touch about a refund. You don't need to do anything."));
        if (otherCourses.Count > 0)
        {
            body.Add(new EmailParagraph($"We'd love to see you and {booking.BabyFirstName} at another course. These are coming up and suit {booking.BabyFirstName}'s age:"));
            body.Add(new EmailList([.. otherCourses.Select(c => $"{c.Title}: {UkDateFormat.ScheduleSummary(c.Sessions.Select(s => (s.StartsUtc, s.EndsUtc)).ToList())}, {c.Venue}")]));
            body.Add(new EmailParagraph($"To book one, use the booking form on our website, or just reply to this email and quote {booking.Reference}."));
        }
        else
        {
            body.Add(new EmailParagraph($"We'd love to see you and {booking.BabyFirstName} at another course. New courses are added regularly: keep an eye on our website, or just reply to this email and quote {booking.Reference}, and we'll help you find one."));
        }

        body.Add(new EmailParagraph("Thank you for your understanding, and sorry again for the disappointment."));
        var email = await renderer.RenderAsync(new EmailContent(b.Name, "Your course has been cancelled", body, Footer(b)));
        return new EmailMessage
        {
            To = new EmailRecipient(booking.Email, booking.ParentName),
            Subject = $"Sorry, {course.Title} has been cancelled",
            HtmlBody = email.Html,
            TextBody = email.Text,
            IdempotencyKey = id,
        };
    }

    private static string Footer(BusinessOptions b) =>
        $"{b.Name} runs baby massage and baby yoga in {b.Area}. Replies to this email come straight to us.";
}
