using System.Globalization;

namespace HappyBabyHive.Pages.Console;

/// <summary>Counting things in words, the one way every page and the functions that map to them say it.</summary>
public static class Words
{
    /// <summary>"1 family", "3 families".</summary>
    public static string Count(int count, string one, string many) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? one : many);
}
