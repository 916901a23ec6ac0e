namespace HappyBabyHive.Pages.Console;

/// <summary>
/// The console's export-and-erase page: the owner types the address a person wrote to her with, then downloads a copy
/// of everything held for it or erases it. The address only ever travels in POST bodies, never in a URL.
/// </summary>
/// <param name="ExportUrl">Where "Download a copy" posts (with <see cref="EmailField"/>).</param>
/// <param name="ReviewErasureUrl">Where "Erase…" posts first: the confirm step, which changes nothing.</param>
/// <param name="Email">What was typed, shown again after a mistake.</param>
/// <param name="Error">Why the address wasn't accepted, or null.</param>
public sealed record PersonalDataModel(string ExportUrl, string ReviewErasureUrl, string CsrfToken, string? Email, string? Error)
{
    public const string EmailField = "email";
}

/// <summary>The rows of each kind, as the confirm step and the result page list them.</summary>
public sealed record PersonalDataCount(string What, int Rows);

/// <summary>The confirm step: what erasing this address would change, with the button that does it.</summary>
/// <param name="EraseUrl">Where the final "Erase" posts (with the address in a hidden field).</param>
/// <param name="BackUrl">The export-and-erase page, to stop here.</param>
public sealed record ConfirmErasureModel(string EraseUrl, string BackUrl, string CsrfToken, string Email, IReadOnlyList<PersonalDataCount> Counts)
{
    public bool NothingHeld => Counts.All(c => c.Rows == 0);
}

/// <summary>The result of an erasure: what was changed, by kind (the audit holds the same counts, never the address).</summary>
public sealed record ErasedModel(string BackUrl, string Email, IReadOnlyList<PersonalDataCount> Counts)
{
    public int Total => Counts.Sum(c => c.Rows);
}
