using System.Globalization;

namespace HappyBabyHive.Backups;

/// <summary>
/// The nightly copy of every table to blob storage, and the way back. Inherently "copy every table", so its
/// implementation lives in the storage layer; the timer and the admin API only see this.
/// </summary>
public interface ITableBackups
{
    /// <summary>Backs up every table into tonight's folder; the manifest is written last, so an unfinished backup has none.</summary>
    Task<BackupManifest> BackupAsync(CancellationToken cancellationToken);

    /// <summary>Finished backups, newest first.</summary>
    Task<IReadOnlyList<BackupManifest>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Writes back every entity of a finished backup (whole-entity replace); rows created since are left alone.</summary>
    Task<RestoreOutcome> RestoreAsync(string? night, CancellationToken cancellationToken);
}

/// <summary>A finished backup: its folder (the night, "2026-11-30"), when it finished, and entities per table.</summary>
public sealed record BackupManifest(string Night, DateTimeOffset CompletedUtc, IReadOnlyDictionary<string, int> Tables);

public abstract record RestoreOutcome
{
    public sealed record Restored(BackupManifest Backup, IReadOnlyDictionary<string, int> Tables) : RestoreOutcome;

    /// <summary>No finished backup for that night (none taken, or it stopped before writing its manifest).</summary>
    public sealed record NotFound : RestoreOutcome;

    public sealed record InvalidNight : RestoreOutcome;
}

/// <summary>Backups are named by night: one folder per UTC date.</summary>
public static class BackupNights
{
    /// <summary>The folder name for the night a backup starts in (UTC date: the timer runs at 02:00 UTC).</summary>
    public static string NightOf(DateTimeOffset utc) => utc.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static bool IsNight(string? night) =>
        DateTime.TryParseExact(night, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
