namespace HappyBabyHive.Pages.Console;

/// <summary>The sign-in page: one email field, and a note (e.g. "You've signed out.") or a problem with what was typed.</summary>
/// <param name="Action">Where the form posts.</param>
/// <param name="Email">What was typed, kept when it needs fixing.</param>
public sealed record SignInFormModel(string Action, string? Email, string? Error, string? Notice)
{
    /// <summary>The email's form field.</summary>
    public const string EmailField = "email";
}
