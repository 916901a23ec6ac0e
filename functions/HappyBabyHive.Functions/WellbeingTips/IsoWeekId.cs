using System.Globalization;
using System.Text.RegularExpressions;

namespace HappyBabyHive.WellbeingTips;

/// <summary>An ISO 8601 week, e.g. 2026-W48: the unit of "one tip per week". Weeks start on Monday, as the tips do.</summary>
public readonly partial record struct IsoWeekId(int Year, int Week)
{
    public static IsoWeekId Of(DateOnly ukDate) =>
        new(ISOWeek.GetYear(ukDate.ToDateTime(TimeOnly.MinValue)), ISOWeek.GetWeekOfYear(ukDate.ToDateTime(TimeOnly.MinValue)));

    public DateOnly Monday => DateOnly.FromDateTime(ISOWeek.ToDateTime(Year, Week, DayOfWeek.Monday));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-W{Week:D2}");

    public static bool TryParse(string? text, out IsoWeekId week)
    {
        week = default;
        var match = Pattern().Match(text ?? string.Empty);
        if (!match.Success)
        {
            return false;
        }

        var year = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var number = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        if (year is < 2000 or > 9998 || number < 1 || number > ISOWeek.GetWeeksInYear(year))
        {
            return false;
        }

        week = new IsoWeekId(year, number);
        return true;
    }

    [GeneratedRegex(@"^(\d{4})-W(\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
