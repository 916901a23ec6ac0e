using System.Diagnostics;
using Xunit;

namespace HappyBabyHive.Infra.Tests.Tests;

/// <summary>
/// What azd deploys: it runs `dotnet publish` on the project azure.yaml names and zips the output. host.json lives at
/// the repository root, so check it really reaches that output (and local settings never do).
/// </summary>
public sealed class DeploymentPackageTests
{
    [Fact]
    public async Task The_published_app_contains_host_json_and_the_function_metadata_but_no_local_settings()
    {
        var root = RepositoryRoot();
        var project = AzureYamlProject(root);
        var output = Directory.CreateTempSubdirectory("hbh-publish-").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet", ["publish", project, "-c", "Release", "-o", output, "--nologo", "-v", "quiet"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var publish = Process.Start(start)!;
            var log = await publish.StandardOutput.ReadToEndAsync() + await publish.StandardError.ReadToEndAsync();
            await publish.WaitForExitAsync();
            Assert.True(publish.ExitCode == 0, log);

            Assert.True(File.Exists(Path.Combine(output, "host.json")), "host.json is missing from the publish output");
            Assert.Equal(await File.ReadAllTextAsync(Path.Combine(root, "host.json")), await File.ReadAllTextAsync(Path.Combine(output, "host.json")));
            Assert.True(File.Exists(Path.Combine(output, "functions.metadata")));
            Assert.True(File.Exists(Path.Combine(output, "HappyBabyHive.Functions.dll")));
            Assert.False(File.Exists(Path.Combine(output, "local.settings.json")), "local settings must never be deployed");
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static string AzureYamlProject(string root)
    {
        var line = File.ReadAllLines(Path.Combine(root, "azure.yaml")).Single(l => l.TrimStart().StartsWith("project:", StringComparison.Ordinal));
        var folder = Path.GetFullPath(Path.Combine(root, line.Split(':', 2)[1].Trim()));
        return Assert.Single(Directory.GetFiles(folder, "*.csproj"));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "azure.yaml")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("azure.yaml not found above the test output.");
    }
}
