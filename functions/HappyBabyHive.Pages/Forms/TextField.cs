namespace HappyBabyHive.Pages.Forms;

/// <summary>One labelled input with its hint and error (text, email, tel, date, number…).</summary>
/// <param name="Name">The posted name (the API's JSON name); the control's id is <c>f-{Name}</c>.</param>
/// <param name="Value">What the person typed, kept exactly so an error never loses it.</param>
public sealed record TextFieldModel(string Name, string Label, string? Value)
{
    public string Type { get; init; } = "text";

    /// <summary>"off" unless the browser should offer what it knows (name, email, tel…).</summary>
    public string Autocomplete { get; init; } = "off";

    public string? Hint { get; init; }

    public string? Error { get; init; }

    /// <summary>More attributes on the input (max, min, step, spellcheck, inputmode…); values are encoded as usual.</summary>
    public IReadOnlyDictionary<string, object>? InputAttributes { get; init; }
}
