using System.Diagnostics;
using HappyBabyHive.Infra.Tests.Bicep;
using Xunit;

namespace HappyBabyHive.Infra.Tests.Tests;

/// <summary>The azd hooks that create the link-signing key once (infra/scripts, wired in azure.yaml).</summary>
public sealed class AzdHookTests
{
    private static readonly string Scripts = Path.Combine(BicepCli.InfraDirectory, "scripts");

    [Fact]
    public async Task Generated_key_is_48_random_bytes_in_64_base64_characters()
    {
        var first = await NewLinkSigningKeyAsync();
        var second = await NewLinkSigningKeyAsync();

        Assert.Equal(64, first.Length);
        Assert.Equal(48, Convert.FromBase64String(first).Length);
        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData("preprovision")]
    [InlineData("postprovision")]
    public void Azure_yaml_runs_both_variants_of_each_hook(string hook)
    {
        var azureYaml = File.ReadAllText(Path.Combine(BicepCli.RepositoryDirectory, "azure.yaml"));

        Assert.Contains($"  {hook}:", azureYaml, StringComparison.Ordinal);
        Assert.Contains($"run: ./infra/scripts/{hook}.sh", azureYaml, StringComparison.Ordinal);
        Assert.Contains($"run: ./infra/scripts/{hook}.ps1", azureYaml, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Scripts, $"{hook}.sh")));
        Assert.True(File.Exists(Path.Combine(Scripts, $"{hook}.ps1")));
    }

    [Fact]
    public void Hooks_hand_the_key_to_bicep_through_the_value_the_parameters_file_reads_and_clear_it_afterwards()
    {
        var parameters = File.ReadAllText(Path.Combine(BicepCli.InfraDirectory, "main.parameters.json"));

        Assert.Contains("${LINK_SIGNING_KEY_NEW=}", parameters, StringComparison.Ordinal);
        Assert.Contains("azd env set LINK_SIGNING_KEY_NEW \"$(", File.ReadAllText(Path.Combine(Scripts, "preprovision.sh")), StringComparison.Ordinal);
        Assert.Contains("azd env set LINK_SIGNING_KEY_NEW \"\"", File.ReadAllText(Path.Combine(Scripts, "postprovision.sh")), StringComparison.Ordinal);
        Assert.Contains("azd env set LINK_SIGNING_KEY_NEW ''", File.ReadAllText(Path.Combine(Scripts, "postprovision.ps1")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hook_refuses_to_run_without_the_azd_environment()
    {
        var result = await RunAsync("sh", Path.Combine(Scripts, "preprovision.sh"), environment: new() { ["AZURE_ENV_NAME"] = "" });

        Assert.NotEqual(0, result.ExitCode);
    }

    /// <summary>Runs the real generator the hooks use.</summary>
    public static async Task<string> NewLinkSigningKeyAsync()
    {
        var result = await RunAsync("sh", Path.Combine(Scripts, "new-link-signing-key.sh"));
        Assert.True(result.ExitCode == 0, result.Error);
        return result.Output;
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string file, string argument, Dictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(file, [argument])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment ?? [])
        {
            startInfo.Environment[name] = value;
        }

        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
