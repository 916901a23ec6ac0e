using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using HappyBabyHive.Courses;

namespace HappyBabyHive.Storage.Courses;

/// <summary>
/// The course row in its own partition. Its ETag guards the place counters: every booking rewrites this row in the
/// same transaction as the booking, so two parents can never both take the last place.
/// </summary>
internal sealed class CourseEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = RowKeys.Course;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Kind { get; set; } = string.Empty;
    public string Title { get; set; } = string.Empty;
    public string Description { get; set; } = string.Empty;
    public string Venue { get; set; } = string.Empty;
    public string VenueAddress { get; set; } = string.Empty;
    public string SessionsJson { get; set; } = "[]";
    public DateTimeOffset FirstSessionStartsUtc { get; set; }
    public int Capacity { get; set; }
    public int FreePlaces { get; set; }
    public int PricePence { get; set; }
    public int BabyAgeFromWeeks { get; set; }
    public int BabyAgeToWeeks { get; set; }
    public string BabyAgeDescription { get; set; } = string.Empty;
    public string Status { get; set; } = nameof(CourseStatus.Open);
    public int GeneralPlacesTaken { get; set; }
    public int FreePlacesTaken { get; set; }
    public int WaitlistCount { get; set; }
    public DateTimeOffset CreatedUtc { get; set; }
    public string? CreationKey { get; set; }
    public bool PayAnotherWayAllowed { get; set; }

    /// <summary>When the owner cancelled the course (Status Cancelled).</summary>
    public DateTimeOffset? CancelledUtc { get; set; }

    /// <summary>The owner's optional plain-text message, added to every cancellation email.</summary>
    public string? CancellationMessage { get; set; }

    public static CourseEntity FromCourse(Course course, DateTimeOffset createdUtc) => new()
    {
        PartitionKey = course.Id,
        Kind = course.Kind.ToString(),
        Title = course.Title,
        Description = course.Description,
        Venue = course.Venue,
        VenueAddress = course.VenueAddress,
        SessionsJson = JsonSerializer.Serialize(course.Sessions.Select(s => new[] { s.StartsUtc, s.EndsUtc })),
        FirstSessionStartsUtc = course.FirstSessionStartsUtc,
        Capacity = course.Capacity,
        FreePlaces = course.FreePlaces,
        PricePence = course.PricePence,
        BabyAgeFromWeeks = course.BabyAge.FromWeeks,
        BabyAgeToWeeks = course.BabyAge.ToWeeks,
        BabyAgeDescription = course.BabyAge.Description,
        Status = course.Status.ToString(),
        GeneralPlacesTaken = course.GeneralPlacesTaken,
        FreePlacesTaken = course.FreePlacesTaken,
        WaitlistCount = course.WaitlistCount,
        CreatedUtc = createdUtc,
        CreationKey = course.CreationKey,
        PayAnotherWayAllowed = course.PayAnotherWayAllowed,
    };

    public Course ToCourse() => new()
    {
        Id = PartitionKey,
        Kind = Enum.Parse<CourseKind>(Kind),
        Title = Title,
        Description = Description,
        Venue = Venue,
        VenueAddress = VenueAddress,
        Sessions = (JsonSerializer.Deserialize<DateTimeOffset[][]>(SessionsJson) ?? [])
            .Select(pair => new CourseSession(pair[0], pair[1]))
            .ToList(),
        Capacity = Capacity,
        FreePlaces = FreePlaces,
        PricePence = PricePence,
        BabyAge = new BabyAgeRange(BabyAgeFromWeeks, BabyAgeToWeeks, BabyAgeDescription),
        Status = Enum.Parse<CourseStatus>(Status),
        GeneralPlacesTaken = GeneralPlacesTaken,
        FreePlacesTaken = FreePlacesTaken,
        WaitlistCount = WaitlistCount,
        CreationKey = CreationKey,
        PayAnotherWayAllowed = PayAnotherWayAllowed,
    };
}

/// <summary>Index row: PartitionKey "courses", RowKey "{first session UTC, sortable}|{course id}".</summary>
internal sealed class CourseCalendarEntity : ITableEntity
{
    public const string Partition = "courses";

    public string PartitionKey { get; set; } = Partition;
    public string RowKey { get; set; } = string.Empty;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string CourseId { get; set; } = string.Empty;

    public static string RowKeyFor(DateTimeOffset firstSessionStartsUtc, string courseId) =>
        $"{SortableInstant(firstSessionStartsUtc)}|{courseId}";

    public static string SortableInstant(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyyMMdd'T'HHmm", System.Globalization.CultureInfo.InvariantCulture);
}
