using System.ComponentModel.DataAnnotations;

namespace HappyBabyHive.Backups;

/// <summary>Where the nightly table backups go (section "Backup"); the default matches infra/app/storage.bicep.</summary>
public sealed class BackupOptions
{
    public const string SectionName = "Backup";

    /// <summary>A blob container in the app's own storage account (versioned and soft-delete protected in Azure).</summary>
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "Backup:ContainerName must be a blob container name: 3 to 63 lower-case letters, digits and single hyphens.")]
    public string ContainerName { get; set; } = "table-backups";
}
