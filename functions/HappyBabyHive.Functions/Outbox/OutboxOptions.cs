using System.ComponentModel.DataAnnotations;

namespace HappyBabyHive.Outbox;

public sealed class OutboxOptions
{
    public const string SectionName = "Outbox";

    /// <summary>Must equal host.json extensions.queues.maxDequeueCount (a test checks), so the last attempt is known.</summary>
    [Range(1, 100)]
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>How long one sender holds an email before another delivery of the same message may try.</summary>
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How many times the sweep re-enqueues an email that is still owed before flagging it for a person.</summary>
    [Range(1, 50)]
    public int MaxSweeps { get; set; } = 6;

    /// <summary>How long the sweep waits before re-enqueueing an email again; doubles each time.</summary>
    public TimeSpan SweepBackoff { get; set; } = TimeSpan.FromMinutes(15);
}
