namespace HappyBabyHive.Storage;

public static class TableKeys
{
    /// <summary>
    /// Text that can be part of a row key as given: no '/', '\\', '#', '?' or control characters (Table Storage
    /// refuses those), and short. For references and ids read from links and forms before they reach a key.
    /// </summary>
    public static bool IsSafeRowKeyPart(string? text) =>
        text is { Length: > 0 and <= 80 } && !text.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));

}
