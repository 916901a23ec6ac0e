using HappyBabyHive.Pages.Rendering;

namespace HappyBabyHive.Pages.Emails;

/// <summary>An email's two bodies, rendered from one <see cref="EmailContent"/>.</summary>
public sealed record RenderedEmail(string Html, string Text);

/// <summary>Renders an email's HTML part with the app's one renderer and its plain-text part from the same model.</summary>
public sealed class EmailRenderer(ComponentHtml html)
{
    public async Task<RenderedEmail> RenderAsync(EmailContent content) =>
        new(await html.RenderAsync<EmailDocument>(content), EmailPlainText.Render(content));
}
