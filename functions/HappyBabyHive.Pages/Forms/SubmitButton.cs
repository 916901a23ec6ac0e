namespace HappyBabyHive.Pages.Forms;

/// <summary>A form's one submit button.</summary>
/// <param name="SendingText">What the button says while forms.js sends (e.g. "Booking…"); when set, a live status line
/// follows the button for the script to announce "sending". Null for a form the script does not enhance.</param>
public sealed record SubmitButtonModel(string Text, string? SendingText = null);
