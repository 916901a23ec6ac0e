namespace HappyBabyHive.Pages.Console;

/// <summary>"Confirm it's you": the button posts to <paramref name="Action"/>, which emails the owner a fresh sign-in link.</summary>
/// <param name="Minutes">How recent a sign-in the page needs.</param>
public sealed record ConfirmSignInModel(string Action, string CsrfToken, int Minutes);
