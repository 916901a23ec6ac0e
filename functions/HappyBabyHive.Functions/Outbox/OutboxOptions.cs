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
    /// <remarks>With <see cref="SweepBackoff"/> of 5 minutes, 8 sweeps span about 10.5 hours of outage.</remarks>
    [Range(1, 50)]
    public int MaxSweeps { get; set; } = 8;

    /// <summary>How long the sweep waits before re-enqueueing an email again; doubles each time.</summary>
    /// <remarks>
    /// Short, because a family waiting for a confirmation after an email outage waits up to one back-off step after
    /// the outage ends: 5, 10, 20, ... minutes rather than 15, 30, 60, ...
    /// </remarks>
    public TimeSpan SweepBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// An owed email never yet swept is due for the sweep once it is this old, whatever grace its writer gave it: by
    /// then its queue message was lost (a crash between storing and enqueueing, a runner killed while holding the
    /// message's 10-minute lease) or went to the poison queue. Re-enqueueing one still in flight is harmless (the
    /// outbox row makes sending idempotent), so this is short.
    /// </summary>
    public TimeSpan FirstSweepAfter { get; set; } = TimeSpan.FromMinutes(2);
}
