using HappyBabyHive.Infra.Tests.Bicep;
using Xunit;

namespace HappyBabyHive.Infra.Tests.Tests;

public sealed class BicepBuildTests(InfraFixture fixture) : IClassFixture<InfraFixture>
{
    [Fact]
    public void Main_template_compiles_without_errors_or_warnings()
    {
        var build = fixture.Infra.Build;

        Assert.True(build.ExitCode == 0, build.Describe());
        // bicep build prints nothing at all when there is no diagnostic.
        Assert.True(string.IsNullOrWhiteSpace(build.StandardError) && string.IsNullOrWhiteSpace(build.StandardOutput), build.Describe());
        Assert.NotEmpty(fixture.Template.Resources);
    }

    [Fact]
    public void Every_bicep_file_lints_without_findings()
    {
        var infra = fixture.Infra;

        Assert.True(infra.Lint.ExitCode == 0, infra.Lint.Describe());
        Assert.True(string.IsNullOrWhiteSpace(infra.Lint.StandardError), infra.Lint.Describe());
        Assert.True(infra.LintFindings.Count == 0, string.Join(Environment.NewLine, infra.LintFindings));
    }

    [Fact]
    public void Linter_saw_every_bicep_file_under_infra()
    {
        var infra = fixture.Infra;

        Assert.Contains("main.bicep", infra.BicepFiles);
        Assert.True(infra.BicepFiles.Count >= 8, $"expected main.bicep and its modules, found: {string.Join(", ", infra.BicepFiles)}");
        // One SARIF document per linted file: a pattern that silently matched fewer files would show here.
        Assert.Equal(infra.BicepFiles.Count, infra.LintedFileCount);
    }

    [Fact]
    public void Main_template_is_deployed_at_subscription_scope_and_creates_the_resource_group()
    {
        var schema = fixture.Template.Root.GetProperty("$schema").GetString();
        var resourceGroups = fixture.Template.OfType("Microsoft.Resources/resourceGroups");

        Assert.Contains("subscriptionDeploymentTemplate.json", schema, StringComparison.Ordinal);
        var resourceGroup = Assert.Single(resourceGroups);
        Assert.Contains("resourcesResourceGroups", resourceGroup.Name, StringComparison.Ordinal);
        Assert.Equal("rg-", fixture.Template.RootScope.Resolve(
            fixture.Template.Root.GetProperty("variables").GetProperty("abbrs")).GetProperty("resourcesResourceGroups").GetString());
    }
}
