namespace HappyBabyHive.Time;

/// <summary>
/// Parents see UK local time; everything is stored in UTC. This is the one place that converts between them.
/// </summary>
public static class UkTime
{
    public const string TimeZoneId = "Europe/London";

    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);

    public static DateTimeOffset ToUk(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(ToUk(time.GetUtcNow()).DateTime);

    /// <summary>
    /// Turns a UK wall-clock time into an instant. A time inside the spring-forward gap moves forward by the gap;
    /// an ambiguous autumn time takes its first (BST) occurrence, which is what a printed timetable means.
    /// </summary>
    public static DateTimeOffset FromUkLocal(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        var offset = Zone.IsAmbiguousTime(local)
            ? Zone.GetAmbiguousTimeOffsets(local).Max()
            : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
