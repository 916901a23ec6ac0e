using HappyBabyHive.Configuration;
using HappyBabyHive.Email;
using HappyBabyHive.Outbox;
using HappyBabyHive.Pages.Emails;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.OwnerConsole.SignIn;

/// <summary>
/// The sign-in link email. The token is signed when the email is composed and expires with the attempt, so it is
/// never stored; an attempt for an address that is not an owner's (or no longer is) sends nothing.
/// </summary>
public sealed class OwnerSignInEmailComposer(
    IOwnerSignInStore signIns,
    IOptions<BusinessOptions> business,
    OwnerSignInLinks links,
    OwnerAddresses owners,
    EmailRenderer renderer,
    TimeProvider time) : IOutboxEmailComposer
{
    /// <summary>A link with less time than this left is not worth sending: it would expire while she opens it.</summary>
    internal static readonly TimeSpan MinimumUsefulLife = TimeSpan.FromMinutes(2);

    public bool CanCompose(string templateName) => templateName == EmailTemplates.OwnerSignInLink;

    public async Task<EmailMessage?> ComposeAsync(OwedEmail owed, CancellationToken cancellationToken)
    {
        // The outbox row lives in the attempt's partition (the link id) and is always about the attempt itself.
        var found = await signIns.FindAsync(owed.PartitionKey, cancellationToken);
        if (found?.OwnerEmail is not { } ownerEmail || !owners.IsOwner(ownerEmail))
        {
            return null;
        }

        var remaining = found.ExpiresUtc - time.GetUtcNow();
        if (remaining < MinimumUsefulLife)
        {
            return null;
        }

        var b = business.Value;
        var minutes = (int)Math.Floor(remaining.TotalMinutes);
        const string Footer = "Sent by your booking system because someone asked to sign in with this address.";
        var email = await renderer.RenderAsync(new EmailContent(b.Name, "Sign in to your console",
        [
            new EmailParagraph("Here is your link to sign in to your booking console."),
            new EmailButton("Sign in to your console", links.Url(owed.PartitionKey, remaining)),
            new EmailParagraph($"The link works once, for the next {minutes} minutes. On the page it opens, press Sign in."),
            new EmailParagraph("If you didn't ask to sign in, you can ignore this email: nobody can sign in without this link. Please don't forward it."),
        ], Footer));

        return new EmailMessage
        {
            To = new EmailRecipient(ownerEmail, b.Name),
            Subject = $"Your sign-in link for {b.Name}",
            HtmlBody = email.Html,
            TextBody = email.Text,
            IdempotencyKey = owed.Id,
        };
    }
}
