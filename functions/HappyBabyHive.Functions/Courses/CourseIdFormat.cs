using System.Text.RegularExpressions;

namespace HappyBabyHive.Courses;

/// <summary>The shape of the course ids we hand out and accept in URLs and forms.</summary>
public static partial class CourseIdFormat
{
    /// <summary>Lower-case letters, digits and hyphens, at most 80 characters: readable, and safe as a storage key and in a URL.</summary>
    public static bool IsValid(string? id) => id is { Length: > 0 and <= 80 } && SafeId().IsMatch(id);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeId();
}
