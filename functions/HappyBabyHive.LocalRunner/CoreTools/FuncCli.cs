using System.Reflection;
using HappyBabyHive.LocalRunner.Emulators;

namespace HappyBabyHive.LocalRunner.CoreTools;

/// <summary>Azure Functions Core Tools, when a developer has it: then the real host serves the app instead of the runner.</summary>
internal static class FuncCli
{
    /// <summary>The <c>func</c> executable on PATH, or null.</summary>
    public static string? Find()
    {
        string[] names = OperatingSystem.IsWindows() ? ["func.exe", "func.cmd"] : ["func"];
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(directory => names.Select(name => Path.Combine(directory, name)))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// Builds the functions project in this runner's configuration and returns its output folder, the one holding
    /// host.json and functions.metadata, where <c>func start</c> must run.
    /// </summary>
    public static async Task<string> BuildFunctionsAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        var configuration = typeof(FuncCli).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var targetFramework = new DirectoryInfo(AppContext.BaseDirectory).Name;
        var projectDirectory = Path.Combine(repositoryRoot, "functions", "HappyBabyHive.Functions");

        await using var build = ChildProcess.Start(
            "dotnet build", "dotnet", repositoryRoot, ["build", projectDirectory, "-c", configuration, "--nologo", "-v", "quiet"], environment: null, captureOutput: false);
        await build.WaitForExitAsync(cancellationToken);
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"Building the functions project failed (exit code {build.ExitCode}).");
        }

        return Path.Combine(projectDirectory, "bin", configuration, targetFramework);
    }

    /// <summary>Starts <c>func start</c> sharing this console; the settings go in as environment variables, which win over local.settings.json.</summary>
    public static ChildProcess Start(string func, string outputDirectory, int port, IReadOnlyDictionary<string, string?> settings) =>
        ChildProcess.Start("func", func, outputDirectory, ["start", "--port", $"{port}"], settings, captureOutput: false);
}
