namespace HappyBabyHive.Pages.Forms;

/// <summary>A ticked-or-not box; it posts "true" when ticked.</summary>
/// <param name="Label">The words beside the box (e.g. a consent's exact wording).</param>
public sealed record CheckboxModel(string Name, string Label, bool IsChecked)
{
    public string? Hint { get; init; }

    public string? Error { get; init; }

    /// <summary>A link shown after <see cref="Label"/> inside the label (e.g. the booking terms), opening in a new tab.</summary>
    public LabelLink? Link { get; init; }
}

/// <summary>A link inside a label. Only an https or relative address is shown as a link; anything else as plain text.</summary>
public sealed record LabelLink(string Text, Uri Href)
{
    public bool IsSafe => !Href.IsAbsoluteUri || Href.Scheme == Uri.UriSchemeHttps;
}
