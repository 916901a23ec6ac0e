namespace HappyBabyHive.Pages.Website;

/// <summary>
/// A page of plain paragraphs and an optional link: the honeypot's calm thank-you, a form post we could not read,
/// and the storage-outage page.
/// </summary>
public sealed record MessageModel(IReadOnlyList<string> Paragraphs, PageLink? Link = null);

/// <summary>A link in a page's own words; <paramref name="Href"/> is an address of this app (relative).</summary>
public sealed record PageLink(string Text, string Href);
