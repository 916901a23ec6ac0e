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

    public enum Secret
    {
        Exists,
        Missing,
        CannotCheck,
    }

    [Fact]
    public async Task First_provision_generates_a_key_for_bicep()
    {
        var run = await RunPreprovisionAsync(groupExists: false, vault: "", secret: Secret.Missing);

        Assert.True(run.ExitCode == 0, run.Error);
        var key = Assert.Single(run.AzdEnvSet, s => s.StartsWith("LINK_SIGNING_KEY_NEW=", StringComparison.Ordinal))["LINK_SIGNING_KEY_NEW=".Length..];
        Assert.Equal(48, Convert.FromBase64String(key).Length);
    }

    [Fact]
    public async Task A_key_already_in_the_vault_is_kept()
    {
        var run = await RunPreprovisionAsync(groupExists: true, vault: "kv-abc123", secret: Secret.Exists);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(["LINK_SIGNING_KEY_NEW="], run.AzdEnvSet);
    }

    [Fact]
    public async Task A_vault_without_the_secret_gets_a_new_key()
    {
        var run = await RunPreprovisionAsync(groupExists: true, vault: "kv-abc123", secret: Secret.Missing);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(64, Assert.Single(run.AzdEnvSet)["LINK_SIGNING_KEY_NEW=".Length..].Length);
    }

    [Fact]
    public async Task When_the_secret_cannot_be_checked_the_provision_stops_instead_of_replacing_the_key()
    {
        var run = await RunPreprovisionAsync(groupExists: true, vault: "kv-abc123", secret: Secret.CannotCheck);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Empty(run.AzdEnvSet);
        Assert.Contains("stopping rather than replacing the key", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_soft_deleted_vault_of_the_environment_stops_the_provision_with_the_way_out()
    {
        var run = await RunPreprovisionAsync(groupExists: false, vault: "", secret: Secret.Missing, deletedVault: "kv-abc123");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Empty(run.AzdEnvSet);
        Assert.Contains("az keyvault recover", run.Error, StringComparison.Ordinal);
        Assert.Contains("azd down --purge", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_azure_cli_sign_in_the_provision_stops()
    {
        var run = await RunPreprovisionAsync(groupExists: false, vault: "", secret: Secret.Missing, signedIn: false);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Empty(run.AzdEnvSet);
        Assert.Contains("az login", run.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// Runs preprovision.sh with fake `az` and `azd` first on PATH. The fake az answers the few commands the hook uses
    /// the way the Azure CLI does (ResourceNotFound on stderr with a non-zero exit for a missing secret); the fake azd
    /// records every `azd env set`.
    /// </summary>
    private static async Task<(int ExitCode, string Error, IReadOnlyList<string> AzdEnvSet)> RunPreprovisionAsync(
        bool groupExists, string vault, Secret secret, string deletedVault = "", bool signedIn = true)
    {
        var bin = Directory.CreateTempSubdirectory("happybabyhive-fake-cli-").FullName;
        var log = Path.Combine(bin, "azd-env-set.log");
        var secretAnswer = secret switch
        {
            Secret.Exists => "exit 0",
            Secret.Missing => "echo \"ERROR: (ResourceNotFound) The Resource 'Microsoft.KeyVault/vaults/x/secrets/link-signing-key' was not found.\" >&2; exit 3",
            _ => "echo \"ERROR: (AuthorizationFailed) The client does not have authorization.\" >&2; exit 1",
        };
        await File.WriteAllTextAsync(Path.Combine(bin, "az"), $$"""
            #!/bin/sh
            case "$1 $2" in
              "account show") {{(signedIn ? "exit 0" : "echo 'Please run az login' >&2; exit 1")}} ;;
              "group exists") echo {{(groupExists ? "true" : "false")}} ;;
              "keyvault list") echo "{{vault}}" ;;
              "keyvault list-deleted") echo "{{deletedVault}}" ;;
              "resource show") {{secretAnswer}} ;;
              *) echo "fake az: unexpected $*" >&2; exit 99 ;;
            esac
            """);
        await File.WriteAllTextAsync(Path.Combine(bin, "azd"), $$"""
            #!/bin/sh
            if [ "$1 $2" = "env set" ]; then echo "$3=$4" >> "{{log}}"; exit 0; fi
            echo "fake azd: unexpected $*" >&2; exit 99
            """);
        foreach (var tool in new[] { "az", "azd" })
        {
            // The hooks' sh variants run on macOS and Linux (the PowerShell twins are for Windows).
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(Path.Combine(bin, tool), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        try
        {
            var result = await RunAsync("sh", Path.Combine(Scripts, "preprovision.sh"), new()
            {
                ["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}",
                ["AZURE_ENV_NAME"] = "hbh-test",
                ["AZURE_SUBSCRIPTION_ID"] = "11111111-2222-3333-4444-555555555555",
                ["AZURE_LOCATION"] = "uksouth",
            });
            IReadOnlyList<string> envSet = File.Exists(log) ? await File.ReadAllLinesAsync(log) : [];
            return (result.ExitCode, result.Error, envSet);
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
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
