using HappyBabyHive.Outbox;

namespace HappyBabyHive.Email;

/// <summary>Turns an owed email (outbox row) into a message. Each feature registers one for its own templates.</summary>
public interface IOutboxEmailComposer
{
    bool CanCompose(string templateName);

    /// <summary>Returns null when what the email was about no longer exists (nothing to send).</summary>
    Task<EmailMessage?> ComposeAsync(OutboxMessage message, OutboxEntity outbox, CancellationToken cancellationToken);
}
