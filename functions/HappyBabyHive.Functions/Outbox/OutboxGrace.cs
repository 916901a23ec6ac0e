namespace HappyBabyHive.Outbox;

/// <summary>How long an owed email waits for its queue message before the sweep assumes the message was lost.</summary>
public static class OutboxGrace
{
    /// <summary>For emails owed with a booking or a free-place request (sign-in links use a shorter one).</summary>
    public static readonly TimeSpan Default = TimeSpan.FromMinutes(10);
}
