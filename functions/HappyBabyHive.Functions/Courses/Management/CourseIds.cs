using System.Globalization;
using System.Text;
using HappyBabyHive.Storage;

namespace HappyBabyHive.Courses.Management;

/// <summary>
/// Readable course ids like the sample schedule's, e.g. "massage-cottingham-tue-2027-03-02": the kind, the town (the
/// last part of the venue after a comma), the weekday and the first date. Safe as table keys and in URLs.
/// </summary>
public static class CourseIds
{
    private const int MaxPlaceLength = 24;

    public static string For(CourseKind kind, string venue, DateOnly firstDate)
    {
        var kindPart = kind == CourseKind.BabyYoga ? "yoga" : "massage";
        var place = Slug(venue.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? string.Empty);
        var day = firstDate.DayOfWeek.ToString()[..3].ToLowerInvariant();
        var date = firstDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return place.Length == 0 ? $"{kindPart}-{day}-{date}" : $"{kindPart}-{place}-{day}-{date}";
    }

    /// <summary>The id, then "-2", "-3"… for a second course with the same kind, town and date.</summary>
    public static IEnumerable<string> Candidates(string id)
    {
        yield return id;
        for (var n = 2; ; n++)
        {
            yield return $"{id}-{n}";
        }
    }

    /// <summary>Lower-case ASCII letters and digits joined by single hyphens; accents are dropped ("Hôtel" gives "hotel").</summary>
    internal static string Slug(string text)
    {
        var slug = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(char.ToLowerInvariant(c));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var result = slug.ToString().Trim('-');
        if (result.Length > MaxPlaceLength)
        {
            var cut = result.LastIndexOf('-', MaxPlaceLength);
            result = cut > 0 ? result[..cut] : result[..MaxPlaceLength];
        }

        return CourseIdFormat.IsValid(result) ? result : string.Empty;
    }
}
