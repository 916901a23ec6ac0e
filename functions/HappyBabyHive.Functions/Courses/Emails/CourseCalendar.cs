using System.Text;
using HappyBabyHive.Courses;
using HappyBabyHive.Email;
using HappyBabyHive.Time;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace HappyBabyHive.Courses.Emails;

/// <summary>
/// The .ics attachment: one event per session in Europe/London wall-clock time with a VTIMEZONE, so calendars show
/// 10:00 on both sides of a clock change rather than shifting the later sessions by an hour.
/// </summary>
public static class CourseCalendar
{
    public const string ContentType = "text/calendar; charset=utf-8; method=PUBLISH";

    public static EmailAttachment Attachment(Course course, string reference, string businessName, DateTimeOffset stampUtc) =>
        new("happy-baby-hive-" + reference.ToLowerInvariant() + ".ics", ContentType, Encoding.UTF8.GetBytes(Build(course, reference, businessName, stampUtc)));

    public static string Build(Course course, string reference, string businessName, DateTimeOffset stampUtc)
    {
        var calendar = new Calendar { ProductId = "-//The Happy Baby Hive//Bookings//EN", Method = "PUBLISH" };
        calendar.AddTimeZone(UkTime.TimeZoneId);
        for (var i = 0; i < course.Sessions.Count; i++)
        {
            var session = course.Sessions[i];
            var calendarEvent = new CalendarEvent
            {
                Uid = $"{reference}-{i + 1}@happybabyhive",
                DtStamp = new CalDateTime(stampUtc.UtcDateTime, "UTC", hasTime: true),
                DtStart = Local(session.StartsUtc),
                DtEnd = Local(session.EndsUtc),
                Summary = $"{course.Title} (week {i + 1} of {course.Sessions.Count})",
                Location = string.IsNullOrWhiteSpace(course.VenueAddress) ? course.Venue : $"{course.Venue}, {course.VenueAddress}",
                Description = $"{businessName}: booking reference {reference}.",
            };
            calendarEvent.Alarms.Add(new Alarm
            {
                Action = "DISPLAY",
                Description = $"{course.Title} starts in an hour",
                Trigger = new Trigger(Duration.FromHours(-1)),
            });
            calendar.Events.Add(calendarEvent);
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? string.Empty;
    }

    private static CalDateTime Local(DateTimeOffset instant) =>
        new(DateTime.SpecifyKind(UkTime.ToUk(instant).DateTime, DateTimeKind.Unspecified), UkTime.TimeZoneId, hasTime: true);
}
