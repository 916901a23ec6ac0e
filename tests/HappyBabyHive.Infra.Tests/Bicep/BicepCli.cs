using System.Diagnostics;
using System.Reflection;

namespace HappyBabyHive.Infra.Tests.Bicep;

/// <summary>Output of one run of the Bicep CLI.</summary>
public sealed record BicepRunResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Everything the CLI printed, for assertion messages.</summary>
    public string Describe() =>
        $"bicep {Command}{Environment.NewLine}exit code {ExitCode}{Environment.NewLine}" +
        $"--- stdout ---{Environment.NewLine}{StandardOutput}{Environment.NewLine}" +
        $"--- stderr ---{Environment.NewLine}{StandardError}";
}

/// <summary>
/// Runs the Bicep CLI restored by this project's PackageDownload (Azure.Bicep.CommandLine.linux-x64).
/// Its path is compiled into the assembly (AssemblyMetadata "BicepCliPath"); nothing is downloaded at run time.
/// </summary>
public static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>Full path of the bicep executable in the NuGet global-packages folder.</summary>
    public static string ExecutablePath { get; } = Path.GetFullPath(ReadMetadata("BicepCliPath"));

    /// <summary>
    /// The oldest Bicep CLI NuGet serves (BicepCliOldestVersion). azd downloads its own Bicep, older than ours, so the
    /// template must also type-check with an older compiler.
    /// </summary>
    public static string OldestExecutablePath { get; } = Path.GetFullPath(ReadMetadata("BicepCliOldestPath"));

    /// <summary>Full path of the repository's infra/ folder.</summary>
    public static string InfraDirectory { get; } = Path.GetFullPath(ReadMetadata("InfraDirectory"));

    /// <summary>Full path of the repository root (azure.yaml, infra/, functions/).</summary>
    public static string RepositoryDirectory { get; } = Path.GetFullPath(ReadMetadata("RepositoryDirectory"));

    public static Task<BicepRunResult> RunAsync(string workingDirectory, CancellationToken cancellationToken, params string[] arguments) =>
        RunWithAsync(ExecutablePath, workingDirectory, cancellationToken, arguments);

    /// <summary>Runs a given Bicep executable (e.g. <see cref="OldestExecutablePath"/>).</summary>
    public static async Task<BicepRunResult> RunWithAsync(string executablePath, string workingDirectory, CancellationToken cancellationToken, params string[] arguments)
    {
        EnsureExecutable(executablePath);

        var startInfo = new ProcessStartInfo(executablePath)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {executablePath}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }

        return new BicepRunResult(
            string.Join(' ', arguments),
            process.ExitCode,
            await stdout.ConfigureAwait(false),
            await stderr.ConfigureAwait(false));
    }

    /// <summary>NuGet does not always keep the execute bit of files in a package: set it when it is missing.</summary>
    private static void EnsureExecutable(string executablePath)
    {
        if (!File.Exists(executablePath))
        {
            throw new FileNotFoundException(
                "The Bicep CLI is missing. Restore tests/HappyBabyHive.Infra.Tests (it downloads Azure.Bicep.CommandLine.linux-x64).",
                executablePath);
        }

        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(executablePath);
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(executablePath, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
    }

    private static string ReadMetadata(string key) =>
        typeof(BicepCli).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"AssemblyMetadata '{key}' is missing; it is set in HappyBabyHive.Infra.Tests.csproj.");
}
