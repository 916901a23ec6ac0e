namespace HappyBabyHive.Pages.Website;

/// <summary>
/// A page that says what happened or what to press, with no form fields to fill in: the weekly tips' confirm and
/// unsubscribe pages and their problems. A status card, an optional one-button form, and an optional note below.
/// These pages show nothing personal: the token names a hashed key, and no address or name is echoed.
/// </summary>
/// <param name="Card">The card's heading; <see cref="Problem"/> draws it as a problem (what you can do).</param>
/// <param name="Paragraphs">The card's words.</param>
/// <param name="Button">A form that posts back to the page's own address with the token, or null.</param>
/// <param name="After">A heading and paragraph under the card, or null.</param>
public sealed record NoticeModel(string Card, IReadOnlyList<string> Paragraphs, bool Problem = false, TokenButton? Button = null, NoticeNote? After = null);

/// <summary>One button that posts the link's token back to the page's own address (no action attribute: the address carries the token too).</summary>
public sealed record TokenButton(string Token, string Label);

public sealed record NoticeNote(string Heading, string Text);
