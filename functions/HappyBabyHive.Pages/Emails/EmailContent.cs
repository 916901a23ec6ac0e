namespace HappyBabyHive.Pages.Emails;

/// <summary>
/// One email's view model: the heading, the body as blocks, and the footer, all plain text. The HTML part
/// (<see cref="EmailDocument"/>) and the plain-text part (<see cref="EmailPlainText"/>) are both rendered from this one
/// model, so the two parts cannot say different things.
/// </summary>
public sealed record EmailContent(string BusinessName, string Heading, IReadOnlyList<EmailBlock> Blocks, string Footer)
{
    /// <summary>The privacy notice, linked under the footer of every email (the renderer fills it in).</summary>
    public Uri? PrivacyNoticeUrl { get; init; }
}

/// <summary>A piece of an email body. Every text is plain text: the HTML part encodes it, never trusts it.</summary>
public abstract record EmailBlock;

public sealed record EmailParagraph(string Text) : EmailBlock;

/// <summary>A bold line introducing what follows (upper case in the plain-text part).</summary>
public sealed record EmailHeading(string Text) : EmailBlock;

/// <summary>A short labelled block, e.g. "Where" and the venue.</summary>
public sealed record EmailSection(string Heading, string Text) : EmailBlock;

public sealed record EmailList(IReadOnlyList<string> Items) : EmailBlock;

/// <summary>The one thing to notice, such as the booking reference; with a label, only the label is bold.</summary>
public sealed record EmailHighlight(string Text, string? Label = null) : EmailBlock;

/// <summary>
/// A button-style link; in plain text, the label and then the address on its own line. Only http(s) addresses are
/// accepted, so no block can carry a javascript: or data: link.
/// </summary>
public sealed record EmailButton : EmailBlock
{
    public EmailButton(string label, Uri url)
    {
        Label = label;
        Url = WebAddress(url);
    }

    public string Label { get; }

    public Uri Url { get; }

    internal static Uri WebAddress(Uri url) =>
        url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            ? url
            : throw new ArgumentException("An email link must be an absolute http(s) address.", nameof(url));
}

/// <summary>Small print with one inline link, such as "You're getting this because… Unsubscribe with one click at any time."</summary>
public sealed record EmailSmallPrint : EmailBlock
{
    public EmailSmallPrint(string before, string linkText, Uri url, string after)
    {
        Before = before;
        LinkText = linkText;
        Url = EmailButton.WebAddress(url);
        After = after;
    }

    public string Before { get; }

    public string LinkText { get; }

    public Uri Url { get; }

    public string After { get; }
}
