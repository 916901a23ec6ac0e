namespace HappyBabyHive.Pages.Forms;

/// <summary>A field's hint, linked to its control by aria-describedby.</summary>
public sealed record FieldHintModel(string Name, string Hint);
