using HappyBabyHive.Courses;
using HappyBabyHive.Pages.Console;
using HappyBabyHive.Time;

namespace HappyBabyHive.OwnerConsole.Pages;

/// <summary>How the console words a course for its view models: its dates the way people say them, its state, and how full it is.</summary>
internal static class CourseText
{
    public static string Schedule(Course course) =>
        UkDateFormat.ScheduleSummary(course.Sessions.Select(s => (s.StartsUtc, s.EndsUtc)).ToList());

    public static IReadOnlyList<string> SessionLines(Course course) =>
        course.Sessions.Select(s => UkDateFormat.SessionLine(s.StartsUtc, s.EndsUtc)).ToList();

    public static string Kind(CourseKind kind) => kind switch
    {
        CourseKind.BabyYoga => "Baby yoga",
        _ => "Baby massage",
    };

    public static string Plural(int count, string one, string many) => Words.Count(count, one, many);

    public static string WhenBooked(DateTimeOffset bookedUtc) =>
        $"{UkDateFormat.DayAndDate(bookedUtc)} at {UkDateFormat.Clock(bookedUtc)}";

    public static string Url(string root, Course course) => $"{root}/courses/{course.Id}";

    public static CourseFill Fill(Course course) =>
        new(course.GeneralPlacesTaken + course.FreePlacesTaken, course.Capacity, course.FreePlacesTaken, course.FreePlaces, course.WaitlistCount);

    public static CourseTag Tag(Course course, DateTimeOffset now) => course.Status switch
    {
        CourseStatus.Cancelled => CourseTag.Cancelled,
        CourseStatus.Closed => CourseTag.Closed,
        _ when now >= course.LastSessionEndsUtc => CourseTag.Finished,
        _ when now >= course.FirstSessionStartsUtc => CourseTag.Running,
        _ when course.GeneralSpacesLeft == 0 => CourseTag.Full,
        _ => CourseTag.None,
    };

    public static CourseSummary Summary(string root, Course course, DateTimeOffset now) =>
        new(Url(root, course), course.Title, Schedule(course), course.Venue, Tag(course, now), Fill(course));
}
