namespace HappyBabyHive.Registers;

/// <summary>A baby's age the way parents say it: "3 days", "14 weeks", "7 months", "1 year 2 months".</summary>
public static class BabyAge
{
    /// <summary>Weeks until six months (how parents count young babies), whole months after.</summary>
    public static string InWords(DateOnly dateOfBirth, DateOnly onDate)
    {
        var days = onDate.DayNumber - dateOfBirth.DayNumber;
        if (days < 0)
        {
            return "not born yet";
        }

        if (days < 14)
        {
            return Plural(days, "day");
        }

        var months = ((onDate.Year - dateOfBirth.Year) * 12) + onDate.Month - dateOfBirth.Month - (onDate.Day < dateOfBirth.Day ? 1 : 0);
        if (months < 6)
        {
            return Plural(days / 7, "week");
        }

        return months < 12
            ? Plural(months, "month")
            : months % 12 == 0 ? Plural(months / 12, "year") : $"{Plural(months / 12, "year")} {Plural(months % 12, "month")}";
    }

    private static string Plural(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
