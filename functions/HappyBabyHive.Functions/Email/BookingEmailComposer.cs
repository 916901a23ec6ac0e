using Azure.Data.Tables;
using HappyBabyHive.Bookings;
using HappyBabyHive.Configuration;
using HappyBabyHive.Courses;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage;
using HappyBabyHive.Text;
using HappyBabyHive.Time;
using Microsoft.Extensions.Options;
using static HappyBabyHive.Email.EmailLayout;

namespace HappyBabyHive.Email;

/// <summary>The confirmation and waitlist emails a parent gets after booking.</summary>
public sealed class BookingEmailComposer(
    TableServiceClient tables,
    IOptions<StorageOptions> storage,
    IOptions<BusinessOptions> business,
    TimeProvider time) : IOutboxEmailComposer
{
    public bool CanCompose(string templateName) => templateName is EmailTemplates.BookingConfirmed or EmailTemplates.BookingWaitlisted;

    public async Task<EmailMessage?> ComposeAsync(OutboxMessage message, OutboxEntity outbox, CancellationToken cancellationToken)
    {
        var table = tables.GetTableClient(storage.Value.BookingsTable);
        var booking = await table.GetEntityIfExistsAsync<BookingEntity>(outbox.PartitionKey, outbox.SubjectRowKey, cancellationToken: cancellationToken);
        var course = await table.GetEntityIfExistsAsync<CourseEntity>(outbox.PartitionKey, RowKeys.Course, cancellationToken: cancellationToken);
        if (!booking.HasValue || !course.HasValue)
        {
            return null;
        }

        var id = OutboxEmailId.For(message);
        return outbox.Template == EmailTemplates.BookingWaitlisted
            ? Waitlisted(booking.Value!, course.Value!.ToCourse(), id)
            : Confirmed(booking.Value!, course.Value!.ToCourse(), id);
    }

    internal EmailMessage Confirmed(BookingEntity booking, Course course, Guid id)
    {
        var b = business.Value;
        var firstSession = UkDateFormat.DayAndDate(course.FirstSessionStartsUtc);
        var sessions = course.Sessions.Select(s => UkDateFormat.SessionLine(s.StartsUtc, s.EndsUtc)).ToList();
        var where = string.IsNullOrWhiteSpace(course.VenueAddress) ? course.Venue : $"{course.Venue}, {course.VenueAddress}";
        var bring = WhatToBring(course.Kind);
        var price = booking.IsFreePlace
            ? "This is a free place, so there is nothing to pay."
            : $"The course costs {Money.Pounds(course.PricePence)}.";

        var html = string.Concat(
            Paragraph($"Hello {H(booking.ParentName)},"),
            Paragraph($"Thank you for booking {H(booking.BabyFirstName)} onto <strong>{H(course.Title)}</strong>. We can't wait to meet you both."),
            Highlight($"Your booking reference is <strong>{H(booking.Reference)}</strong>"),
            Paragraph("<strong>When</strong>"),
            List(sessions.Select(s => H(s))),
            Paragraph($"<strong>Where</strong><br>{H(where)}"),
            Paragraph(H(price)),
            Paragraph("<strong>What to bring</strong>"),
            List(bring.Select(s => H(s))),
            Paragraph("Please don't worry if your baby cries, feeds or sleeps through a session. That is all part of it, and you are very welcome just as you are."),
            Paragraph($"<strong>Need to cancel or have a question?</strong><br>Just reply to this email, quoting {H(booking.Reference)}. It comes straight to {H(b.Name)}."),
            Paragraph("We've attached the dates as a calendar file, so you can add them to your phone."));

        var text = string.Join("\n", [
            $"Hello {booking.ParentName},",
            "",
            $"Thank you for booking {booking.BabyFirstName} onto {course.Title}. We can't wait to meet you both.",
            "",
            $"Your booking reference: {booking.Reference}",
            "",
            "WHEN",
            .. sessions.Select(s => "- " + s),
            "",
            "WHERE",
            where,
            "",
            price,
            "",
            "WHAT TO BRING",
            .. bring.Select(s => "- " + s),
            "",
            "Please don't worry if your baby cries, feeds or sleeps through a session. That is all part of it, and you are very welcome just as you are.",
            "",
            $"Need to cancel or have a question? Just reply to this email, quoting {booking.Reference}.",
            "",
            "We've attached the dates as a calendar file, so you can add them to your phone.",
            "",
            Footer(b),
        ]);

        return new EmailMessage
        {
            To = new EmailRecipient(booking.Email, booking.ParentName),
            Subject = $"You're booked: {course.Title} from {firstSession}",
            HtmlBody = EmailLayout.Html(b.Name, "You're booked!", html, Footer(b)),
            TextBody = text,
            IdempotencyKey = id,
            Attachments = [CourseCalendar.Attachment(course, booking.Reference, b.Name, time.GetUtcNow())],
        };
    }

    internal EmailMessage Waitlisted(BookingEntity booking, Course course, Guid id)
    {
        var b = business.Value;
        var schedule = UkDateFormat.ScheduleSummary(course.Sessions.Select(s => (s.StartsUtc, s.EndsUtc)).ToList());
        var html = string.Concat(
            Paragraph($"Hello {H(booking.ParentName)},"),
            Paragraph($"Thank you for wanting to bring {H(booking.BabyFirstName)} to <strong>{H(course.Title)}</strong> ({H(schedule)}). The course is full at the moment, so we've put you on the waitlist."),
            Highlight($"You are number <strong>{booking.WaitlistPosition}</strong> on the waitlist. Your reference is <strong>{H(booking.Reference)}</strong>."),
            Paragraph("There's nothing you need to do now. If a place opens up we'll email you straight away, and places often do."),
            Paragraph($"If you'd like help finding another course, just reply to this email and quote {H(booking.Reference)}."));
        var text = string.Join("\n", [
            $"Hello {booking.ParentName},",
            "",
            $"Thank you for wanting to bring {booking.BabyFirstName} to {course.Title} ({schedule}). The course is full at the moment, so we've put you on the waitlist.",
            "",
            $"You are number {booking.WaitlistPosition} on the waitlist. Your reference: {booking.Reference}",
            "",
            "There's nothing you need to do now. If a place opens up we'll email you straight away, and places often do.",
            "",
            $"If you'd like help finding another course, just reply to this email and quote {booking.Reference}.",
            "",
            Footer(b),
        ]);

        return new EmailMessage
        {
            To = new EmailRecipient(booking.Email, booking.ParentName),
            Subject = $"You're on the waitlist: {course.Title}",
            HtmlBody = EmailLayout.Html(b.Name, "You're on the waitlist", html, Footer(b)),
            TextBody = text,
            IdempotencyKey = id,
        };
    }

    private static IReadOnlyList<string> WhatToBring(CourseKind kind) => kind switch
    {
        CourseKind.BabyMassage =>
        [
            "A towel or soft blanket for your baby to lie on",
            "A spare nappy, wipes and a change of clothes",
            "Whatever you need for a feed",
            "We provide unscented, cold-pressed massage oil. Please tell us about any allergies or skin conditions.",
        ],
        _ =>
        [
            "A blanket or mat for your baby",
            "A spare nappy, wipes and a change of clothes",
            "Whatever you need for a feed",
            "Comfortable clothes you can move in",
        ],
    };

    private static string Footer(BusinessOptions b) =>
        $"{b.Name} runs baby massage and baby yoga in {b.Area}. Every course supports the wellbeing of babies and their grown-ups, and part of every booking goes to {b.CharityName}. " +
        "Please don't come to a session within 48 hours of your baby's immunisations, or if your baby is unwell.";
}
