using HappyBabyHive.Backups;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>The nightly table backup (<see cref="ManageBackupsHttp"/> lists and restores them).</summary>
public sealed class TableBackupTimer(ITableBackups backup)
{
    /// <summary>02:00 UTC every night: the quietest hour, and before the 03:30 free-place note purge.</summary>
    public const string Schedule = "0 0 2 * * *";

    /// <summary>The retry covers a storage blip; a backup written twice the same night just overwrites (versioned) blobs.</summary>
    [Function(nameof(BackupTables))]
    [FixedDelayRetry(3, "00:01:00")]
    public Task BackupTables([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        backup.BackupAsync(cancellationToken);
}
