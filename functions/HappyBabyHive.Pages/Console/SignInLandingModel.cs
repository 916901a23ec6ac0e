namespace HappyBabyHive.Pages.Console;

/// <summary>The page the emailed link opens: opening it changes nothing (email scanners open links); the button signs in.</summary>
/// <param name="Action">Where the button posts.</param>
/// <param name="TokenField">The form field the sign-in link's token travels in.</param>
public sealed record SignInLandingModel(string Action, string TokenField, string Token);
