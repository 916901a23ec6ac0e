namespace HappyBabyHive.Email;

/// <summary>
/// Text that goes into an email header (subject, display names). CR and LF must never reach a header: they would
/// let someone who types a name inject headers. Control characters become spaces.
/// </summary>
public static class HeaderText
{
    public static string Clean(string value)
    {
        var chars = value.Select(c => char.IsControl(c) ? ' ' : c).ToArray();
        return string.Join(' ', new string(chars).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
