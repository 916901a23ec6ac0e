namespace HappyBabyHive.Storage;

/// <summary>Names of the tables and queues the app uses. The prefix exists so tests can share one emulator.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Prepended to every table and queue name; empty in production. Letters and digits only.</summary>
    public string NamePrefix { get; set; } = string.Empty;

    public string BookingsTable => NamePrefix + TableNames.Bookings;
    public string CourseCalendarTable => NamePrefix + TableNames.CourseCalendar;
    public string FreePlaceRequestsTable => NamePrefix + TableNames.FreePlaceRequests;
    public string EmailQueue => NamePrefix.ToLowerInvariant() + QueueNames.Emails;

    public IEnumerable<string> AllTables => [BookingsTable, CourseCalendarTable, FreePlaceRequestsTable];
    public IEnumerable<string> AllQueues => [EmailQueue, EmailQueue + QueueNames.PoisonSuffix];
}

public static class TableNames
{
    /// <summary>One partition per course: the course itself, its bookings and the emails they owe.</summary>
    public const string Bookings = "Bookings";

    /// <summary>An index of courses by first session, so listing upcoming courses is a single range query.</summary>
    public const string CourseCalendar = "CourseCalendar";

    /// <summary>One partition per free-place request: the request, its decision and the emails it owes.</summary>
    public const string FreePlaceRequests = "FreePlaceRequests";
}

public static class QueueNames
{
    /// <summary>Emails owed by the outbox; the message names an outbox record and carries no personal data.</summary>
    public const string Emails = "emails";

    public const string PoisonSuffix = "-poison";
}
