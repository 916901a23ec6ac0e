namespace HappyBabyHive.Pages.Forms;

/// <summary>
/// The card that says what happened and what happens next after a form. Rendered hidden inside the form's page for
/// forms.js to fill (it sets the page's heading from data-title, or data-title-{status} for the API's status), and
/// shown on its own after a plain post.
/// </summary>
/// <param name="Titles">The page heading to show, by the API's status ("" for any other).</param>
public sealed record ResultCardModel(string Heading, bool Hidden, IReadOnlyDictionary<string, string> Titles);
