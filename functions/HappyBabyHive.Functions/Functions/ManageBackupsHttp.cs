using HappyBabyHive.Backups;
using HappyBabyHive.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>The admin API (function keys) to list the nightly backups and restore one (<see cref="TableBackupTimer"/> takes them).</summary>
public sealed class ManageBackupsHttp(ITableBackups backup)
{
    public const string Route = "manage/backups";

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
