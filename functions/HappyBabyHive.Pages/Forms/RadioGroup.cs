namespace HappyBabyHive.Pages.Forms;

/// <summary>A group of plain radios under one legend.</summary>
/// <param name="Selected">The chosen value, or null for none.</param>
public sealed record RadioGroupModel(string Name, string Legend, IReadOnlyList<RadioOption> Options, string? Selected)
{
    public string? Hint { get; init; }

    public string? Error { get; init; }
}

public sealed record RadioOption(string Value, string Label);
