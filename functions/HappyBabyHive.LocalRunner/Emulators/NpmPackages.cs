using System.Diagnostics;
using System.Text.Json;

namespace HappyBabyHive.LocalRunner.Emulators;

public static class NpmPackages
{
    /// <summary>
    /// The script an npm package declares as its command (package.json "bin"), e.g. maildev 3 ships
    /// dist/bin/maildev.js. Null when the package is not installed.
    /// </summary>
    public static string? BinScript(string repositoryRoot, string package, string command)
    {
        var directory = Path.Combine(repositoryRoot, "node_modules", package);
        var manifest = Path.Combine(directory, "package.json");
        if (!File.Exists(manifest))
        {
            return null;
        }

        using var json = JsonDocument.Parse(File.ReadAllText(manifest));
        var bin = json.RootElement.TryGetProperty("bin", out var value) ? value : default;
        var relative = bin.ValueKind switch
        {
            JsonValueKind.String => bin.GetString(),
            JsonValueKind.Object when bin.TryGetProperty(command, out var entry) => entry.GetString(),
            _ => null,
        };
        var script = relative is null ? null : Path.GetFullPath(Path.Combine(directory, relative));
        return File.Exists(script) ? script : null;
    }

    /// <summary>Installs the pinned emulators from package-lock.json (npm ci) when node_modules lacks them.</summary>
    public static async Task EnsureInstalledAsync(string repositoryRoot, TextWriter log, CancellationToken cancellationToken)
    {
        if (BinScript(repositoryRoot, "azurite", "azurite") is not null && BinScript(repositoryRoot, "maildev", "maildev") is not null)
        {
            return;
        }

        // npm ci empties node_modules first, and follows a link to do it: a node_modules shared from another
        // checkout would be wiped for everyone using it. Leave that to whoever owns the target.
        var modules = new DirectoryInfo(Path.Combine(repositoryRoot, "node_modules"));
        if (modules.Exists && modules.LinkTarget is { } target)
        {
            throw new InvalidOperationException(
                $"{modules.FullName} links to {target}, which lacks Azurite or maildev. Run 'npm ci' in the checkout that owns it; this command will not reinstall through a link.");
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
