namespace HappyBabyHive.Pages.Console;

/// <summary>A course's state as a short label beside its title (none while it is simply open for bookings).</summary>
public enum CourseTag
{
    None,
    Cancelled,
    Closed,
    Finished,
    Running,
    Full,
}

/// <summary>How full a course is: booked places (general and free), free places given, and the waitlist.</summary>
public sealed record CourseFill(int Booked, int Capacity, int FreePlacesTaken, int FreePlaces, int Waitlist);

/// <summary>One course as the dashboard and the course list show it.</summary>
/// <param name="Url">The course's console page.</param>
/// <param name="Schedule">Its dates the way people say them.</param>
public sealed record CourseSummary(string Url, string Title, string Schedule, string Venue, CourseTag Tag, CourseFill Fill);
