namespace HappyBabyHive.Pages.Console;

/// <summary>Who is coming to a course: booked families, the waitlist in order, and the session dates.</summary>
/// <param name="CourseUrl">The course's console page (the CSV is at its /register/csv).</param>
/// <param name="Waitlist">In order of place in line.</param>
/// <param name="Sessions">Each session's date and times, in words.</param>
public sealed record RegisterModel(
    string CourseUrl,
    string Schedule,
    string Venue,
    int Capacity,
    IReadOnlyList<RegisterRow> Booked,
    IReadOnlyList<RegisterRow> Waitlist,
    IReadOnlyList<string> Sessions);

/// <param name="PlaceInLine">The waitlist position, for a waitlist row.</param>
/// <param name="Phone">Null or empty when not given.</param>
/// <param name="When">When they booked or joined, in words.</param>
public sealed record RegisterRow(
    int? PlaceInLine, string ParentName, string Email, string? Phone, string BabyFirstName, string AgeAtFirstSession, bool IsFreePlace, string When);
