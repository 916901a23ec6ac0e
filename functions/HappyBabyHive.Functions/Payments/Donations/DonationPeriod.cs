using System.Globalization;
using HappyBabyHive.Time;

namespace HappyBabyHive.Payments.Donations;

/// <summary>
/// A report's period: UK dates, <see cref="From"/> included and <see cref="To"/> not (so "November" is 2026-11-01 to
/// 2026-12-01), turned into UTC instants at UK midnight for storage, which keeps times in UTC.
/// </summary>
public sealed record DonationPeriod(DateOnly From, DateOnly To)
{
    /// <summary>The longest period one report covers: a year and a day, so any calendar year (leap or not) fits.</summary>
    public const int MaxDays = 366;

    public DateTimeOffset FromUtc => UkTime.FromUkLocal(From, TimeOnly.MinValue);

    public DateTimeOffset ToUtc => UkTime.FromUkLocal(To, TimeOnly.MinValue);

    /// <summary>The last day included, for people: a report "to 2026-12-01" ends on 30 November.</summary>
    public DateOnly LastDay => To.AddDays(-1);

    /// <summary>The UK calendar month <paramref name="today"/> is in.</summary>
    public static DonationPeriod ThisMonth(DateOnly today)
    {
        var first = new DateOnly(today.Year, today.Month, 1);
        return new(first, first.AddMonths(1));
    }

    /// <summary>The calendar quarter (Jan–Mar, Apr–Jun, Jul–Sep, Oct–Dec) before the one <paramref name="today"/> is in.</summary>
    public static DonationPeriod LastQuarter(DateOnly today)
    {
        var thisQuarter = new DateOnly(today.Year, ((today.Month - 1) / 3 * 3) + 1, 1);
        return new(thisQuarter.AddMonths(-3), thisQuarter);
    }

    /// <summary>
    /// Reads a period from text: <paramref name="from"/> and either <paramref name="to"/> (not included) or
    /// <paramref name="lastDay"/> (included, as the console's date picker asks), each as yyyy-MM-dd. Null with the
    /// reason, in words, when they aren't usable.
    /// </summary>
    public static DonationPeriod? TryParse(string? from, string? to, string? lastDay, out string? problem)
    {
        problem = null;
        if (!TryDate(from, out var start))
        {
            problem = "Give the first day as from=yyyy-MM-dd, e.g. from=2026-11-01.";
            return null;
        }

        DateOnly end;
        if (!string.IsNullOrEmpty(to))
        {
            if (!TryDate(to, out end))
            {
                problem = "Give the end as to=yyyy-MM-dd (the day after the last day), e.g. to=2026-12-01.";
                return null;
            }
        }
        else if (TryDate(lastDay, out var last) && last < DateOnly.MaxValue)
        {
            end = last.AddDays(1);
        }
        else
        {
            problem = "Give the end as to=yyyy-MM-dd (the day after the last day), e.g. to=2026-12-01.";
            return null;
        }

        if (end <= start)
        {
            problem = "The end must be after the start.";
            return null;
        }

        if (end.DayNumber - start.DayNumber > MaxDays)
        {
            problem = $"A report covers at most {MaxDays} days; ask for a year at a time.";
            return null;
        }

        return new DonationPeriod(start, end);
    }

    private static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date) && date.Year >= 2000;
}
