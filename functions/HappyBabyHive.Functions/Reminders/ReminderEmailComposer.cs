using HappyBabyHive.Configuration;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Emails;
using HappyBabyHive.Email;
using HappyBabyHive.Outbox;
using HappyBabyHive.Pages.Emails;
using HappyBabyHive.Time;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Reminders;

/// <summary>
/// The reminder before a session: when and where, what to bring, the health note for the kind of course, and the
/// family's manage-booking link. Whether it is still wanted is decided here, at sending time, not when it was owed:
/// nothing is sent once the booking is no longer confirmed (cancelled, moved, offer lapsed), the course was cancelled,
/// the session was moved or removed, or the session has already started (an email outage that outlasted it).
/// </summary>
public sealed class ReminderEmailComposer(
    IBookingEmailSubjects subjects,
    BookingLinks links,
    IOptions<BusinessOptions> business,
    EmailRenderer renderer,
    TimeProvider time) : IOutboxEmailComposer
{
    public bool CanCompose(string templateName) => ReminderTemplates.IsReminder(templateName);

    public async Task<EmailMessage?> ComposeAsync(OwedEmail owed, CancellationToken cancellationToken)
    {
        // Only for a booking still confirmed on a course still running: a family who cancelled meanwhile gets nothing.
        if (await subjects.LoadAsync(owed.PartitionKey, owed.SubjectRowKey, cancellationToken) is not
            { Booking: { Status: BookingStatus.Confirmed } booking, Course: { Status: not CourseStatus.Cancelled } course })
        {
            return null;
        }

        var number = course.Sessions.ToList().FindIndex(s => ReminderTemplates.For(s.StartsUtc) == owed.Template) + 1;
        if (number == 0 || time.GetUtcNow() >= course.Sessions[number - 1].StartsUtc)
        {
            return null;
        }

        return await ReminderAsync(booking, course, number, owed.Id);
    }

    /// <param name="sessionNumber">Which session the reminder is for, 1 being the first.</param>
    internal async Task<EmailMessage> ReminderAsync(BookedFamily booking, Course course, int sessionNumber, Guid id)
    {
        var b = business.Value;
        var session = course.Sessions[sessionNumber - 1];
        var day = UkDateFormat.DayAndDate(session.StartsUtc);
        var clock = UkDateFormat.Clock(session.StartsUtc);
        var first = sessionNumber == 1;
        var where = string.IsNullOrWhiteSpace(course.VenueAddress) ? course.Venue : $"{course.Venue}, {course.VenueAddress}";
        var email = await renderer.RenderAsync(new EmailContent(b.Name, first ? "See you soon!" : "See you at the next session",
        [
            new EmailParagraph($"Hello {booking.ParentName},"),
            new EmailParagraph(first
                ? $"Just a gentle reminder that {course.Title} starts on {day} at {clock}. We're so looking forward to meeting you and {booking.BabyFirstName}."
                : $"Just a gentle reminder that session {sessionNumber} of {course.Sessions.Count} of {course.Title} is on {day} at {clock}. We're looking forward to seeing you and {booking.BabyFirstName} again."),
            new EmailSection("When", UkDateFormat.SessionLine(session.StartsUtc, session.EndsUtc)),
            new EmailSection("Where", where),
            new EmailHeading("What to bring"),
            new EmailList(CourseAdvice.WhatToBring(course.Kind)),
            new EmailSection("A note on health", CourseAdvice.HealthNote(course.Kind)),
            new EmailParagraph(first
                ? "Please don't worry about arriving exactly on time, or if your baby cries, feeds or sleeps through the session. That is all part of it, and you are very welcome just as you are."
                : "However the week has been, come as you are. Good enough is good enough, and looking after yourself is part of looking after your baby."),
            new EmailHighlight(booking.Reference, "Your booking reference:"),
            new EmailParagraph("Your booking, every date, and what to do if you can't come are on your booking page:"),
            new EmailButton("See your booking", links.ManageUrl(course, booking.Reference)),
            new EmailParagraph($"Any questions? Just reply to this email. It comes straight to {b.Name}."),
        ], Footer(b)));

        return new EmailMessage
        {
            To = new EmailRecipient(booking.Email, booking.ParentName),
            Subject = first
                ? $"See you soon: {course.Title} starts {day} at {clock}"
                : $"See you {day} at {clock}: {course.Title}, session {sessionNumber}",
            HtmlBody = email.Html,
            TextBody = email.Text,
            IdempotencyKey = id,
        };
    }

    private static string Footer(BusinessOptions b) =>
        $"{b.Name} runs baby massage and baby yoga in {b.Area}, and part of every booking goes to {b.CharityName}. " +
        "You're getting this reminder because you booked a place; it is the only reminder for this session.";
}
