using System.Diagnostics;

namespace HappyBabyHive.LocalRunner.Emulators;

public static class NpmPackages
{
    /// <summary>Installs the pinned emulators from package-lock.json (npm ci) when node_modules lacks them.</summary>
    public static async Task EnsureInstalledAsync(string repositoryRoot, TextWriter log, CancellationToken cancellationToken)
    {
        if (File.Exists(LocalEmulators.AzuriteScript(repositoryRoot)) && File.Exists(LocalEmulators.MaildevScript(repositoryRoot)))
        {
            return;
        }

        await log.WriteLineAsync("Installing the pinned emulators (Azurite, maildev) with npm ci...");
        var start = new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund"])
        {
            WorkingDirectory = repositoryRoot,
            UseShellExecute = false,
        };
        using var npm = Process.Start(start) ?? throw new InvalidOperationException("Could not start npm. Install Node.js 20 or later.");
        await npm.WaitForExitAsync(cancellationToken);
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci failed with exit code {npm.ExitCode}.");
        }
    }
}
