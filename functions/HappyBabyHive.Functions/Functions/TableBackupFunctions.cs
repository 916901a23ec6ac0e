using HappyBabyHive.Backups;
using HappyBabyHive.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>The nightly table backup, and the admin API (function keys) to list backups and restore one.</summary>
public sealed class TableBackupFunctions(TableBackup backup)
{
    /// <summary>02:00 UTC every night: the quietest hour, and before the 03:30 free-place note purge.</summary>
    public const string Schedule = "0 0 2 * * *";
    public const string Route = "manage/backups";

    /// <summary>The retry covers a storage blip; a backup written twice the same night just overwrites (versioned) blobs.</summary>
    [Function(nameof(BackupTables))]
    [FixedDelayRetry(3, "00:01:00")]
    public Task BackupTables([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        backup.BackupAsync(cancellationToken);

    [Function(nameof(ListBackups))]
    public async Task<IActionResult> ListBackups(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Route)] HttpRequest request,
        CancellationToken cancellationToken) =>
        new OkObjectResult(await backup.ListAsync(cancellationToken));

    [Function(nameof(RestoreBackup))]
    public async Task<IActionResult> RestoreBackup(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Route + "/{night}/restore")] HttpRequest request,
        string night,
        CancellationToken cancellationToken) =>
        await backup.RestoreAsync(night, cancellationToken) switch
        {
            RestoreOutcome.Restored restored => new OkObjectResult(new { restored.Backup.Night, restored.Backup.CompletedUtc, Restored = restored.Tables }),
            RestoreOutcome.NotFound => Problems.NotFound("finished backup for that night"),
            RestoreOutcome.InvalidNight => Problems.Create(StatusCodes.Status400BadRequest, "invalid-night", "That isn't a backup night.", "Name the night as yyyy-MM-dd, as GET manage/backups lists them."),
            var other => throw new InvalidOperationException($"Unhandled restore outcome {other.GetType().Name}."),
        };
}
