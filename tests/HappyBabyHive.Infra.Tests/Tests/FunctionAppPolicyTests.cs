using System.Text.Json;
using HappyBabyHive.Infra.Tests.Arm;
using HappyBabyHive.Infra.Tests.Bicep;
using HappyBabyHive.Infra.Tests.Policy;
using Xunit;

namespace HappyBabyHive.Infra.Tests.Tests;

public sealed class FunctionAppPolicyTests(InfraFixture fixture) : IClassFixture<InfraFixture>
{
    /// <summary>The app settings infra/app/functionapp.bicep must define: the names the app code reads.</summary>
    public static readonly IReadOnlyList<string> ExpectedAppSettingNames =
    [
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "AzureWebJobsStorage__blobServiceUri",
        "AzureWebJobsStorage__queueServiceUri",
        "AzureWebJobsStorage__tableServiceUri",
        "AZURE_CLIENT_ID",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        "Business__Name",
        "Business__OwnerEmail",
        "Business__PublicBaseUrl",
        "Website__AllowedOrigins",
        "Email__Provider",
        "Email__SenderAddress",
        "Email__SenderName",
        "Email__ReplyToAddress",
        "Acs__Endpoint",
        "Acs__ApiVersion",
        "Links__SigningKey",
        // Issue 11: what used to be added by hand (and wiped by the next provision) is now an azd environment value.
        "Links__PreviousSigningKey",
        "Business__TermsUrl",
        "Owner__SignInEmails",
        "WellbeingTips__SendsPerMinute",
        "WellbeingTips__SendsPerHour",
        // Issue 13: the queue triggers resolve %Storage:NamePrefix% (empty in Azure), so the setting must exist.
        "Storage__NamePrefix",
        // Issue 16: Stripe, the keys as Key Vault references.
        "Payments__Enabled",
        "Payments__SecretKey",
        "Payments__WebhookSecret",
    ];

    private ArmResource Site => fixture.Template.FunctionApp;

    [Fact]
    public void Function_app_accepts_https_only()
    {
        Assert.True(Site.GetBool("properties", "httpsOnly"));
        Assert.Empty(InfraPolicy.SiteHttpsOnlyViolations(fixture.Template));
    }

    [Fact]
    public void Function_app_has_ftp_disabled()
    {
        Assert.Equal("Disabled", Site.GetString("properties", "siteConfig", "ftpsState"));
        Assert.Empty(InfraPolicy.SiteFtpsViolations(fixture.Template));

        var policies = fixture.Template.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies");
        Assert.Equal(2, policies.Count);
        Assert.All(policies, p => Assert.False(p.GetBool("properties", "allow")));
    }

    [Fact]
    public void Function_app_requires_tls_1_2()
    {
        Assert.Equal("1.2", Site.GetString("properties", "siteConfig", "minTlsVersion"));
        Assert.Empty(InfraPolicy.SiteTlsViolations(fixture.Template));
    }

    [Fact]
    public void Function_app_uses_only_its_user_assigned_identity()
    {
        Assert.Equal("UserAssigned", Site.GetString("identity", "type"));
        var identities = Site.Get("identity", "userAssignedIdentities");
        Assert.NotNull(identities);
        Assert.Single(identities.Value.EnumerateObject());
        Assert.Empty(InfraPolicy.SiteIdentityViolations(fixture.Template));
    }

    [Fact]
    public void Function_app_settings_hold_no_keys_or_secret_connection_strings()
    {
        Assert.NotEmpty(Site.AppSettings);
        Assert.Empty(InfraPolicy.SiteSecretViolations(fixture.Template));
        Assert.Empty(InfraPolicy.KeyListingViolations(fixture.Template));
        Assert.Equal("managedidentity", Setting("AzureWebJobsStorage__credential").GetString());
    }

    [Fact]
    public void Function_app_settings_are_exactly_the_documented_set()
    {
        var names = fixture.Template.GetFunctionAppSettingNames();

        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(ExpectedAppSettingNames.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Link_signing_key_is_a_key_vault_reference_resolved_with_the_user_assigned_identity()
    {
        var value = Setting("Links__SigningKey").GetString();
        var referenceIdentity = Site.Get("properties", "keyVaultReferenceIdentity")?.GetString();
        var assignedIdentity = Assert.Single(Site.Get("identity", "userAssignedIdentities")!.Value.EnumerateObject()).Name;

        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0})'", value, StringComparison.Ordinal);
        Assert.Equal("[parameters('identityId')]", referenceIdentity);
        Assert.Contains("parameters('identityId')", assignedIdentity, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Payments__SecretKey", "stripeApiKeyUri")]
    [InlineData("Payments__WebhookSecret", "stripeWebhookSigningKeyUri")]
    public void Stripe_keys_are_key_vault_references_never_plain_values(string setting, string uriParameter)
    {
        Assert.Equal($"[format('@Microsoft.KeyVault(SecretUri={{0}})', parameters('{uriParameter}'))]", Setting(setting).GetString());
    }

    [Fact]
    public void Function_app_runs_dotnet_isolated_10()
    {
        Assert.Equal("dotnet-isolated", Site.GetString("properties", "functionAppConfig", "runtime", "name"));
        Assert.Equal("10.0", Site.GetString("properties", "functionAppConfig", "runtime", "version"));
        Assert.Equal("functionapp,linux", Site.GetString("kind"));
    }

    [Fact]
    public void Function_app_runs_on_a_flex_consumption_plan()
    {
        var plan = Assert.Single(fixture.Template.OfType("Microsoft.Web/serverfarms"));

        Assert.Equal("FC1", plan.GetString("sku", "name"));
        Assert.Equal("FlexConsumption", plan.GetString("sku", "tier"));
        Assert.True(plan.GetBool("properties", "reserved"));
        Assert.Equal("[parameters('planName')]", plan.Name);
        Assert.Equal("[resourceId('Microsoft.Web/serverfarms', parameters('planName'))]", Site.Get("properties", "serverFarmId")?.GetString());
    }

    [Fact]
    public void Flex_scale_settings_come_from_the_main_parameters()
    {
        // A small business needs a handful of instances; the cap also bounds the cost of a flood of requests.
        Assert.InRange(ResolveToRoot("properties", "functionAppConfig", "scaleAndConcurrency", "maximumInstanceCount").GetInt32(), 1, 10);
        Assert.Equal(1, fixture.Template.Root.GetProperty("parameters").GetProperty("maximumInstanceCount").GetProperty("minValue").GetInt32());
        Assert.Equal(2048, ResolveToRoot("properties", "functionAppConfig", "scaleAndConcurrency", "instanceMemoryMB").GetInt32());
    }

    [Fact]
    public void Function_app_is_tagged_for_azd_as_the_api_service()
    {
        var tags = Site.Get("tags")?.GetString();

        Assert.Contains("createObject('azd-service-name', 'api')", tags, StringComparison.Ordinal);
    }

    [Fact]
    public void Cors_origins_come_from_the_allowedOrigins_parameter()
    {
        var origins = ResolveToRoot("properties", "siteConfig", "cors", "allowedOrigins");

        // A comma-separated string parameter (azd substitutes it inside a JSON string), split into the list CORS needs.
        Assert.Contains("split(parameters('allowedOrigins'), ',')", origins.GetString(), StringComparison.Ordinal);
        Assert.Equal("string", fixture.Template.RootScope.ParameterType("allowedOrigins"));
        Assert.False(Site.GetBool("properties", "siteConfig", "cors", "supportCredentials"));
    }

    private JsonElement Setting(string name) =>
        Assert.Single(Site.AppSettings, s => s.Name == name).Value;

    /// <summary>The value at a path of the site, followed through module parameters up to main.bicep's defaults.</summary>
    private JsonElement ResolveToRoot(params string[] path)
    {
        var raw = Site.Get(path);
        Assert.True(raw.HasValue, $"{string.Join('.', path)} is missing");
        return Site.Scope.Resolve(raw.Value);
    }
}
