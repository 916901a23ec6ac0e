namespace HappyBabyHive.Outbox;

public enum OutboxStatus
{
    /// <summary>Owed: written with the change that owes it, not yet sent.</summary>
    Pending,

    /// <summary>Claimed by one sender until the claim ends, so a redelivered message waits.</summary>
    Sending,

    Sent,

    /// <summary>What the email was about no longer exists (e.g. the booking was removed), so there was nothing to send.</summary>
    Skipped,

    /// <summary>Gave up after repeated sweeps; needs a person to look (logged without personal data).</summary>
    Stuck,
}
