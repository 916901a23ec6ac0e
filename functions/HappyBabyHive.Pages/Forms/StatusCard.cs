namespace HappyBabyHive.Pages.Forms;

/// <summary>A card that says what happened, or what to do about a problem, on a page without a form.</summary>
public sealed record StatusCardModel(string Heading, bool Problem = false);
