using HappyBabyHive.Infra.Tests.Azd;
using HappyBabyHive.Infra.Tests.Bicep;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace HappyBabyHive.Infra.Tests.Tests;

/// <summary>
/// A deployment rehearsed offline, the way azd and App Service would do it: the RAW main.parameters.json parsed as JSON,
/// azd environment values substituted (a generated secret has azd's exact length wherever the file still asks azd for
/// one), main.bicep compiled with the pinned Bicep CLI (the fixture), the function app's settings worked out from the
/// compiled template with every expression resolved to a realistic value and every Key Vault reference resolved as App
/// Service does, and then the app's composition root (AddHappyBabyHive) started with options validation on exactly
/// those settings.
/// </summary>
public sealed class DeploymentRehearsalTests(InfraFixture fixture) : IClassFixture<InfraFixture>
{
    private static readonly string RawParameters = File.ReadAllText(Path.Combine(BicepCli.InfraDirectory, "main.parameters.json"));

    /// <summary>What `azd up` has in its environment for a first deployment, as docs/deploying.md tells the engineer to set it.</summary>
    private static Dictionary<string, string> FirstDeploymentEnvironment() => new()
    {
        ["AZURE_ENV_NAME"] = "hbh-prod",
        ["AZURE_LOCATION"] = "uksouth",
        ["AZURE_SUBSCRIPTION_ID"] = "11111111-2222-3333-4444-555555555555",
        ["AZURE_PRINCIPAL_ID"] = "66666666-7777-8888-9999-000000000000",
        ["OWNER_EMAIL"] = "owner@thehappybabyhive.co.uk",
        ["ALLOWED_ORIGINS"] = "https://www.thehappybabyhive.co.uk, https://thehappybabyhive.co.uk",
        ["OWNER_SIGN_IN_EMAILS"] = "helper@thehappybabyhive.co.uk",
        ["TERMS_URL"] = "https://www.thehappybabyhive.co.uk/booking-terms",
        ["ALERT_ENGINEER_EMAIL"] = "engineer@example.co.uk",
    };

    /// <summary>What ARM and the platform fill in for values only known once resources exist.</summary>
    private static readonly Dictionary<string, string> RealisticValues = new()
    {
        ["AzureWebJobsStorage__clientId"] = "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
        ["AZURE_CLIENT_ID"] = "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
        ["AzureWebJobsStorage__blobServiceUri"] = "https://stabc123.blob.core.windows.net/",
        ["AzureWebJobsStorage__queueServiceUri"] = "https://stabc123.queue.core.windows.net/",
        ["AzureWebJobsStorage__tableServiceUri"] = "https://stabc123.table.core.windows.net/",
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=0e5c2f4a-1111-2222-3333-444455556666;IngestionEndpoint=https://uksouth-1.in.applicationinsights.azure.com/",
        ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = "ClientId=3f2504e0-4f89-11d3-9a0c-0305e82c3301;Authorization=AAD",
        ["Business__PublicBaseUrl"] = "https://func-abc123.azurewebsites.net",
        ["Website__AllowedOrigins"] = "https://www.thehappybabyhive.co.uk,https://thehappybabyhive.co.uk",
        ["Email__SenderAddress"] = "DoNotReply@0a1b2c3d-4e5f-6789-abcd-ef0123456789.azurecomm.net",
        ["Acs__Endpoint"] = "https://acs-abc123.uk.communication.azure.com",
        // Azure-managed domain (no CUSTOM_EMAIL_DOMAIN): main.bicep's share of its 5/min and 10/h.
        ["WellbeingTips__SendsPerMinute"] = "2",
        ["WellbeingTips__SendsPerHour"] = "4",
    };

    [Fact]
    public async Task First_azd_up_gives_the_app_settings_it_starts_on()
    {
        var key = await AzdHookTests.NewLinkSigningKeyAsync(); // what preprovision does when the vault has no key yet
        var environment = FirstDeploymentEnvironment();
        environment["LINK_SIGNING_KEY_NEW"] = key;

        var settings = Deploy(environment, vault: []);

        Assert.Equal(key, Setting(settings, "Links__SigningKey"));
        await StartAppAsync(settings);
    }

    [Fact]
    public async Task Next_provision_keeps_the_key_so_emailed_links_stay_valid()
    {
        var key = await AzdHookTests.NewLinkSigningKeyAsync();
        var first = FirstDeploymentEnvironment();
        first["LINK_SIGNING_KEY_NEW"] = key;
        Dictionary<string, string> vault = [];
        Deploy(first, vault);

        // postprovision emptied the value; preprovision found the secret and left it empty.
        var second = FirstDeploymentEnvironment();
        second["LINK_SIGNING_KEY_NEW"] = "";
        var settings = Deploy(second, vault);

        Assert.Equal(key, Setting(settings, "Links__SigningKey"));
        Assert.Equal(key, vault["link-signing-key"]);
        await StartAppAsync(settings);
    }

    [Fact]
    public async Task During_a_rotation_the_app_signs_with_the_new_key_and_still_accepts_the_old_version()
    {
        // What rotate-link-signing-key.sh start leaves behind: a new current version, the old one still in the vault.
        var oldKey = await AzdHookTests.NewLinkSigningKeyAsync();
        var newKey = await AzdHookTests.NewLinkSigningKeyAsync();
        Dictionary<string, string> vault = new() { ["link-signing-key"] = newKey, ["link-signing-key/0f1e2d3c4b5a69788796a5b4c3d2e1f0"] = oldKey };
        var environment = FirstDeploymentEnvironment();
        environment["LINK_SIGNING_KEY_PREVIOUS_VERSION"] = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

        var settings = Deploy(environment, vault);

        Assert.Equal(newKey, Setting(settings, "Links__SigningKey"));
        Assert.Equal(oldKey, Setting(settings, "Links__PreviousSigningKey"));
        await StartAppAsync(settings);
    }

    [Fact]
    public async Task Outside_a_rotation_no_previous_key_is_accepted()
    {
        var environment = FirstDeploymentEnvironment();
        environment["LINK_SIGNING_KEY_NEW"] = await AzdHookTests.NewLinkSigningKeyAsync();

        var settings = Deploy(environment, vault: []);

        Assert.Equal("", Setting(settings, "Links__PreviousSigningKey"));
        Assert.Equal("https://www.thehappybabyhive.co.uk/booking-terms", Setting(settings, "Business__TermsUrl"));
    }

    [Fact]
    public async Task An_unresolved_key_vault_reference_stops_the_app_instead_of_becoming_the_key()
    {
        // The secret is missing (or the identity cannot read it): App Service hands the app the reference text itself,
        // which is long enough for a length check and guessable from public names.
        var settings = Deploy(FirstDeploymentEnvironment(), vault: []);

        Assert.StartsWith("@Microsoft.KeyVault(SecretUri=", Setting(settings, "Links__SigningKey"), StringComparison.Ordinal);
        await Assert.ThrowsAsync<OptionsValidationException>(() => StartAppAsync(settings));
    }

    [Fact]
    public async Task A_key_of_the_length_azd_generates_is_refused()
    {
        var environment = FirstDeploymentEnvironment();
        environment["LINK_SIGNING_KEY_NEW"] = "$(secretOrRandomPassword kv-abc123 link-signing-key)"; // what the old file asked azd for
        var settings = Deploy(environment, vault: []);

        Assert.Equal(AzdParameters.AzdGeneratedSecretLength, Setting(settings, "Links__SigningKey").Length);
        await Assert.ThrowsAsync<OptionsValidationException>(() => StartAppAsync(settings));
    }

    [Fact]
    public async Task Payments_stay_off_until_turned_on_and_then_read_both_Stripe_keys_from_the_vault()
    {
        var environment = FirstDeploymentEnvironment();
        environment["LINK_SIGNING_KEY_NEW"] = await AzdHookTests.NewLinkSigningKeyAsync();
        Dictionary<string, string> vault = [];
        var off = Deploy(environment, vault);

        environment["LINK_SIGNING_KEY_NEW"] = "";
        environment["STRIPE_SECRET_KEY"] = "sk_live_51RehearsalKey";
        environment["STRIPE_WEBHOOK_SECRET"] = "whsec_RehearsalSecret";
        environment["PAYMENTS_ENABLED"] = "true";
        var on = Deploy(environment, vault);

        // The keys need not stay in the azd environment: a later provision without them keeps the vault's secrets.
        environment.Remove("STRIPE_SECRET_KEY");
        environment.Remove("STRIPE_WEBHOOK_SECRET");
        var later = Deploy(environment, vault);

        Assert.Equal("false", Setting(off, "Payments__Enabled"));
        await StartAppAsync(off); // off: the references are not resolved, and nothing reads them
        Assert.Equal(("true", "sk_live_51RehearsalKey", "whsec_RehearsalSecret"), (Setting(on, "Payments__Enabled"), Setting(on, "Payments__SecretKey"), Setting(on, "Payments__WebhookSecret")));
        await StartAppAsync(on);
        Assert.Equal("sk_live_51RehearsalKey", Setting(later, "Payments__SecretKey"));
        await StartAppAsync(later);
    }

    [Fact]
    public async Task Payments_turned_on_without_the_Stripe_secrets_stop_the_app_instead_of_taking_unpaid_bookings()
    {
        var environment = FirstDeploymentEnvironment();
        environment["LINK_SIGNING_KEY_NEW"] = await AzdHookTests.NewLinkSigningKeyAsync();
        environment["PAYMENTS_ENABLED"] = "true";

        var settings = Deploy(environment, vault: []);

        Assert.StartsWith("@Microsoft.KeyVault(SecretUri=", Setting(settings, "Payments__SecretKey"), StringComparison.Ordinal);
        await Assert.ThrowsAsync<OptionsValidationException>(() => StartAppAsync(settings));
    }

    private IReadOnlyList<KeyValuePair<string, string>> Deploy(Dictionary<string, string> environment, Dictionary<string, string> vault)
    {
        var template = fixture.Template;
        var parameters = AzdParameters.ForDeployment(RawParameters, environment, template.Root.GetProperty("parameters"));
        return new DeploymentRehearsal(template, parameters, vault).Deploy(RealisticValues);
    }

    private static string Setting(IReadOnlyList<KeyValuePair<string, string>> settings, string name) =>
        Assert.Single(settings, s => s.Key == name).Value;

    /// <summary>The host's start: AddHappyBabyHive on exactly these settings, then every ValidateOnStart option checked.</summary>
    private static async Task StartAppAsync(IReadOnlyList<KeyValuePair<string, string>> settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key.Replace("__", ":", StringComparison.Ordinal), (string?)s.Value)))
            .Build();
        var services = new ServiceCollection().AddLogging();
        services.AddHappyBabyHive(configuration);
        // Async disposal: some telemetry services (Application Insights' FunctionsTelemetryModule) are IAsyncDisposable only.
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
    }
}
