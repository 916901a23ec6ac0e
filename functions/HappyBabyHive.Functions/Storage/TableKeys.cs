using System.Text.RegularExpressions;

namespace HappyBabyHive.Storage;

public static partial class TableKeys
{
    /// <summary>Ids we hand out and accept in URLs: lower-case letters, digits and hyphens, which are safe as table keys.</summary>
    public static bool IsValid(string? id) => id is { Length: > 0 and <= 80 } && SafeId().IsMatch(id);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeId();
}
