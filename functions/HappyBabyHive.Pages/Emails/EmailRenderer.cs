using HappyBabyHive.Pages.Rendering;

namespace HappyBabyHive.Pages.Emails;

/// <summary>An email's two bodies, rendered from one <see cref="EmailContent"/>.</summary>
public sealed record RenderedEmail(string Html, string Text);

/// <summary>
/// Renders an email's HTML part with the app's one renderer and its plain-text part from the same model. Every email
/// links the privacy notice under its footer, so no composer can forget it.
/// </summary>
public sealed class EmailRenderer(ComponentHtml html, Uri? privacyNoticeUrl = null)
{
    public async Task<RenderedEmail> RenderAsync(EmailContent content)
    {
        var withNotice = content.PrivacyNoticeUrl is null && privacyNoticeUrl is not null ? content with { PrivacyNoticeUrl = privacyNoticeUrl } : content;
        return new(await html.RenderAsync<EmailDocument>(withNotice), EmailPlainText.Render(withNotice));
    }
}
