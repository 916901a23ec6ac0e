using System.Text.Json;
using HappyBabyHive.Infra.Tests.Bicep;
using Xunit;

namespace HappyBabyHive.Infra.Tests.Tests;

/// <summary>
/// azd runs `bicep build` with infra/bicepconfig.json and its own (older) Bicep CLI. Nothing in that config may turn the
/// passing of time into a failed deployment; the project's zero-findings gate lives in the tests (CompiledInfra).
/// </summary>
public sealed class BicepConfigTests(InfraFixture fixture) : IClassFixture<InfraFixture>
{
    private static readonly string ConfigText = File.ReadAllText(Path.Combine(BicepCli.InfraDirectory, "bicepconfig.json"));

    [Fact]
    public void Config_azd_uses_has_no_error_level_rule()
    {
        using var config = JsonDocument.Parse(ConfigText);
        var rules = config.RootElement.GetProperty("analyzers").GetProperty("core").GetProperty("rules").EnumerateObject().ToList();

        Assert.NotEmpty(rules);
        Assert.All(rules, rule => Assert.NotEqual("error", rule.Value.GetProperty("level").GetString()));
        // use-recent-api-versions fails once a version is 730 days old and a newer one exists: the worst one to have at error.
        Assert.Contains(rules, rule => rule.Name == "use-recent-api-versions");
    }

    [Fact]
    public void Tests_lint_with_every_rule_at_error()
    {
        using var strict = JsonDocument.Parse(CompiledInfra.StrictConfig(ConfigText));
        var rules = strict.RootElement.GetProperty("analyzers").GetProperty("core").GetProperty("rules").EnumerateObject().ToList();

        Assert.True(rules.Count >= 40, $"only {rules.Count} rules");
        Assert.All(rules, rule => Assert.Equal("error", rule.Value.GetProperty("level").GetString()));
        Assert.Equal(0, fixture.Infra.Lint.ExitCode);
    }

    [Fact]
    public async Task Main_template_type_checks_with_the_oldest_bicep_cli_on_nuget()
    {
        // The repository's own config, as azd would use it; every resource type and API version must be known to this
        // compiler (BCP081 = "does not have types available": properties would go to ARM unchecked).
        var output = Path.Combine(Directory.CreateTempSubdirectory("happybabyhive-oldest-bicep-").FullName, "main.json");
        var build = await BicepCli.RunWithAsync(BicepCli.OldestExecutablePath, BicepCli.InfraDirectory, CancellationToken.None,
            "build", "main.bicep", "--outfile", output);

        Assert.True(build.ExitCode == 0, build.Describe());
        Assert.DoesNotContain(": Error ", build.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("BCP", build.StandardError + build.StandardOutput, StringComparison.Ordinal);
        Assert.True(File.Exists(output));
    }
}
