using System.Globalization;

namespace HappyBabyHive.Text;

public static class Durations
{
    /// <summary>A configured lifetime as people say it: "7 days", "1 day", "12 hours" (rounded down, never "0").</summary>
    public static string InWords(TimeSpan duration) => duration switch
    {
        { TotalDays: >= 2 } => $"{((int)duration.TotalDays).ToString(CultureInfo.InvariantCulture)} days",
        { TotalDays: >= 1 } => "1 day",
        { TotalHours: >= 2 } => $"{((int)duration.TotalHours).ToString(CultureInfo.InvariantCulture)} hours",
        _ => "1 hour",
    };
}
