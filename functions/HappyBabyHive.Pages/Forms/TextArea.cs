namespace HappyBabyHive.Pages.Forms;

/// <summary>A labelled multi-line text box with its hint and error.</summary>
public sealed record TextAreaModel(string Name, string Label, string? Value)
{
    public string? Hint { get; init; }

    public string? Error { get; init; }

    public int Rows { get; init; } = 5;

    /// <summary>More attributes on the textarea (maxlength…); values are encoded as usual.</summary>
    public IReadOnlyDictionary<string, object>? InputAttributes { get; init; }
}
