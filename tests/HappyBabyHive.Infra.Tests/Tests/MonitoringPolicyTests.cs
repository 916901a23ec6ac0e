using HappyBabyHive.Infra.Tests.Bicep;
using HappyBabyHive.Infra.Tests.Policy;
using Xunit;

namespace HappyBabyHive.Infra.Tests.Tests;

public sealed class MonitoringPolicyTests(InfraFixture fixture) : IClassFixture<InfraFixture>
{
    [Fact]
    public void Application_insights_disables_local_authentication()
    {
        var component = Assert.Single(fixture.Template.OfType(InfraPolicy.ApplicationInsightsType));

        Assert.True(component.GetBool("properties", "DisableLocalAuth"));
        Assert.Empty(InfraPolicy.ApplicationInsightsLocalAuthViolations(fixture.Template));
    }

    [Fact]
    public void Application_insights_is_workspace_based()
    {
        var component = Assert.Single(fixture.Template.OfType(InfraPolicy.ApplicationInsightsType));
        var workspace = Assert.Single(fixture.Template.OfType("Microsoft.OperationalInsights/workspaces"));

        Assert.Contains("Microsoft.OperationalInsights/workspaces", component.GetString("properties", "WorkspaceResourceId"), StringComparison.Ordinal);
        Assert.Equal(30, workspace.Resolve("properties", "retentionInDays")?.GetInt32());
    }

    [Fact]
    public void Function_app_authenticates_telemetry_with_its_identity()
    {
        var setting = Assert.Single(fixture.Template.FunctionApp.AppSettings, s => s.Name == "APPLICATIONINSIGHTS_AUTHENTICATION_STRING");

        Assert.Equal("[format('ClientId={0};Authorization=AAD', parameters('identityClientId'))]", setting.Value.GetString());
    }
}
