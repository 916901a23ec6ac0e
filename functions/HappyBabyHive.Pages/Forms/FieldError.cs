namespace HappyBabyHive.Pages.Forms;

/// <summary>A field's error slot: always rendered (hidden when empty) so forms.js can fill it after a fetch.</summary>
/// <param name="Name">The field's name (the API's JSON name).</param>
/// <param name="Error">The message, or null when the field is fine.</param>
public sealed record FieldErrorModel(string Name, string? Error);
