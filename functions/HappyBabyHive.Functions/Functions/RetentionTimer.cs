using HappyBabyHive.Privacy;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

public sealed class RetentionTimer(RetentionService retention)
{
    /// <summary>Daily at 03:45 UTC, after the note purge's old slot, a quiet hour.</summary>
    public const string Schedule = "0 45 3 * * *";

    /// <summary>Applies the retention periods (Retention:*, FreePlaces:NoteRetentionDays) to everything held.</summary>
    [Function(nameof(ApplyRetention))]
    public Task ApplyRetention([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        retention.RunAsync(cancellationToken);
}
