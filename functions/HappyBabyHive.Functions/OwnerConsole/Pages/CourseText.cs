using System.Globalization;
using System.Text;
using HappyBabyHive.Courses;
using HappyBabyHive.Time;
using static HappyBabyHive.Web.HtmlPage;

namespace HappyBabyHive.OwnerConsole.Pages;

/// <summary>How the console words a course: its dates the way people say them, and how full it is as words and a gauge.</summary>
internal static class CourseText
{
    public static string Schedule(Course course) =>
        UkDateFormat.ScheduleSummary(course.Sessions.Select(s => (s.StartsUtc, s.EndsUtc)).ToList());

    public static string Kind(CourseKind kind) => kind switch
    {
        CourseKind.BabyYoga => "Baby yoga",
        _ => "Baby massage",
    };

    public static int Confirmed(Course course) => course.GeneralPlacesTaken + course.FreePlacesTaken;

    public static string Plural(int count, string one, string many) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? one : many);

    public static string WhenBooked(DateTimeOffset bookedUtc) =>
        $"{UkDateFormat.DayAndDate(bookedUtc)} at {UkDateFormat.Clock(bookedUtc)}";

    /// <summary>
    /// Fill level as text a screen reader reads, each with a gauge beside it for the eye (hidden from assistive
    /// technology, which would only repeat the numbers).
    /// </summary>
    public static string FillHtml(Course course)
    {
        var html = new StringBuilder("<div class=\"fill\">");
        html.Append(Gauge($"{Confirmed(course)} of {course.Capacity} places booked", Confirmed(course), course.Capacity));
        if (course.FreePlaces > 0)
        {
            html.Append(Gauge($"Free places: {course.FreePlacesTaken} of {course.FreePlaces} given", course.FreePlacesTaken, course.FreePlaces));
        }
        else
        {
            html.Append("<p class=\"summary-line\">No free places set aside</p>");
        }

        html.Append("<p class=\"summary-line\">")
            .Append(course.WaitlistCount == 0 ? "No one on the waitlist" : H("Waitlist: " + Plural(course.WaitlistCount, "family", "families")))
            .Append("</p></div>");
        return html.ToString();
    }

    public static string StatusTag(Course course, DateTimeOffset now) => course.Status switch
    {
        CourseStatus.Cancelled => " <span class=\"tag cancelled\">Cancelled</span>",
        CourseStatus.Closed => " <span class=\"tag\">Closed to bookings</span>",
        _ when now >= course.LastSessionEndsUtc => " <span class=\"tag\">Finished</span>",
        _ when now >= course.FirstSessionStartsUtc => " <span class=\"tag\">Running now</span>",
        _ when course.GeneralSpacesLeft == 0 => " <span class=\"tag\">Full</span>",
        _ => string.Empty,
    };

    private static string Gauge(string text, int value, int max) =>
        $"<div class=\"gauge\"><p>{H(text)}</p><meter min=\"0\" max=\"{Math.Max(max, 1).ToString(CultureInfo.InvariantCulture)}\" value=\"{Math.Min(value, Math.Max(max, 1)).ToString(CultureInfo.InvariantCulture)}\" aria-hidden=\"true\"></meter></div>";
}
