using System.Globalization;

namespace HappyBabyHive.Pages.Console;

/// <summary>Adding or changing a course: everything typed kept, each problem beside its field and in the summary.</summary>
/// <param name="Action">Where the form posts.</param>
/// <param name="BackUrl">"Go back without saving".</param>
/// <param name="RequestKey">The new-course form's one-time key (null when changing a course).</param>
/// <param name="Errors">Messages by field name (a skip date's "skipDates[1]" already folded into "skipDates").</param>
/// <param name="Message">A problem that belongs to no one field (a conflict, or busy).</param>
/// <param name="Kinds">The kinds of course to choose from.</param>
public sealed record CourseFormModel(
    string Action,
    string BackUrl,
    string CsrfToken,
    bool IsNew,
    string? RequestKey,
    CourseFormValues Values,
    IReadOnlyDictionary<string, string[]> Errors,
    string? Message,
    IReadOnlyList<KindOption> Kinds)
{
    public bool HasProblems => Errors.Count > 0 || Message is not null;

    /// <summary>A field's messages as one, or null when it is fine.</summary>
    public string? Error(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(' ', messages) : null;
}

/// <summary>What the form shows in each field, exactly as typed or as stored.</summary>
public sealed record CourseFormValues(
    string? Kind,
    string? Title,
    string? Description,
    string? Venue,
    string? VenueAddress,
    string? FirstSessionDate,
    string? StartTime,
    string? EndTime,
    string? Weeks,
    IReadOnlyList<string> SkipDates,
    string? Capacity,
    string? FreePlaces,
    string? Price,
    string? BabyAgeFromWeeks,
    string? BabyAgeToWeeks,
    string? BabyAgeDescription)
{
    /// <summary>The "families may pay by bank transfer or cash" box is ticked.</summary>
    public bool PayAnotherWayAllowed { get; init; }
}

/// <param name="Value">The posted value (the course kind's name).</param>
public sealed record KindOption(string Value, string Label);

/// <summary>The course form's field names: the camelCase names the course service's errors use.</summary>
public static class CourseFormFields
{
    public const string Kind = "kind";
    public const string Title = "title";
    public const string Description = "description";
    public const string Venue = "venue";
    public const string VenueAddress = "venueAddress";
    public const string FirstSessionDate = "firstSessionDate";
    public const string StartTime = "startTime";
    public const string EndTime = "endTime";
    public const string Weeks = "weeks";
    public const string SkipDates = "skipDates";
    public const string Capacity = "capacity";
    public const string FreePlaces = "freePlaces";
    public const string Price = "price";
    public const string PayAnotherWayAllowed = "payAnotherWayAllowed";
    public const string BabyAgeFromWeeks = "babyAgeFromWeeks";
    public const string BabyAgeToWeeks = "babyAgeToWeeks";
    public const string BabyAgeDescription = "babyAgeDescription";

    /// <summary>A hidden one-time key made with the new-course form, so a double tap on "Add the course" adds one course.</summary>
    public const string RequestKey = "requestKey";

    /// <summary>How many "no session this week" dates the form offers; more is rare enough for the admin API.</summary>
    public const int SkipDateInputs = 3;

    /// <summary>The order fields appear on the page, which is also the error summary's order.</summary>
    public static readonly IReadOnlyList<string> FieldOrder =
    [
        Kind, Title, Description, Venue, VenueAddress, FirstSessionDate, StartTime, EndTime, Weeks, SkipDates,
        Capacity, FreePlaces, Price, PayAnotherWayAllowed, BabyAgeFromWeeks, BabyAgeToWeeks, BabyAgeDescription,
    ];

    /// <summary>The name of the skip-date input at <paramref name="index"/>: skipDates-0, skipDates-1, …</summary>
    public static string SkipDateField(int index) => $"{SkipDates}-{index.ToString(CultureInfo.InvariantCulture)}";
}
