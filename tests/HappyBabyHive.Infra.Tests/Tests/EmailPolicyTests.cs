using HappyBabyHive.Infra.Tests.Bicep;
using Xunit;

namespace HappyBabyHive.Infra.Tests.Tests;

public sealed class EmailPolicyTests(InfraFixture fixture) : IClassFixture<InfraFixture>
{
    [Fact]
    public void Email_data_stays_in_the_UK()
    {
        var emailService = Assert.Single(fixture.Template.OfType("Microsoft.Communication/emailServices"));
        var communicationService = Assert.Single(fixture.Template.OfType("Microsoft.Communication/communicationServices"));

        Assert.Equal("UK", emailService.GetString("properties", "dataLocation"));
        Assert.Equal("UK", communicationService.GetString("properties", "dataLocation"));
        Assert.Equal("global", emailService.GetString("location"));
        Assert.Equal("global", communicationService.GetString("location"));
    }

    [Fact]
    public void Communication_service_accepts_only_entra_authentication()
    {
        var communicationService = Assert.Single(fixture.Template.OfType("Microsoft.Communication/communicationServices"));

        Assert.True(communicationService.GetBool("properties", "disableLocalAuth"));
    }

    [Fact]
    public void Azure_managed_domain_sends_as_DoNotReply_without_tracking()
    {
        var domains = fixture.Template.OfType("Microsoft.Communication/emailServices/domains");
        var managed = Assert.Single(domains, d => !d.IsConditional);
        var custom = Assert.Single(domains, d => d.IsConditional);
        var senders = fixture.Template.OfType("Microsoft.Communication/emailServices/domains/senderUsernames");

        Assert.Contains("'AzureManagedDomain'", managed.Name, StringComparison.Ordinal);
        Assert.Equal("AzureManaged", managed.GetString("properties", "domainManagement"));
        Assert.Equal("Disabled", managed.GetString("properties", "userEngagementTracking"));
        Assert.Equal("CustomerManaged", custom.GetString("properties", "domainManagement"));
        Assert.All(senders, s => Assert.Equal("DoNotReply", s.GetString("properties", "username")));
        Assert.Contains(senders, s => !s.IsConditional);
    }

    [Fact]
    public void Function_app_calls_the_acs_email_api_version_2023_03_31()
    {
        var settings = fixture.Template.FunctionApp.AppSettings;

        Assert.Equal("Acs", Assert.Single(settings, s => s.Name == "Email__Provider").Value.GetString());
        Assert.Equal("2023-03-31", Assert.Single(settings, s => s.Name == "Acs__ApiVersion").Value.GetString());
    }
}
