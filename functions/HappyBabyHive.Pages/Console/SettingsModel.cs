namespace HappyBabyHive.Pages.Console;

/// <summary>The settings the owner changes herself: the decline signposting text and the donation percentage.</summary>
/// <param name="Action">Where the form posts.</param>
/// <param name="LastChanged">When she last saved them, in words; null while the starting values are used.</param>
/// <param name="Saved">Just saved: show a note saying so.</param>
/// <param name="Errors">Messages by field name.</param>
public sealed record SettingsModel(
    string Action,
    string CsrfToken,
    string? Signposting,
    string? DonationPercent,
    string? LastChanged,
    bool Saved,
    IReadOnlyDictionary<string, string[]> Errors,
    int MaxSignpostingLength)
{
    public const string SignpostingField = "declineSignposting";

    public const string DonationField = "donationPercent";

    /// <summary>The order the fields appear, which is also the error summary's order.</summary>
    public static readonly IReadOnlyList<string> FieldOrder = [SignpostingField, DonationField];
}
