using System.Reflection;
using HappyBabyHive.Infra.Tests.Bicep;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace HappyBabyHive.Infra.Tests.Tests;

/// <summary>
/// Drift between the code and the infrastructure: the app must start on exactly the app settings Bicep gives it
/// (every required option present and valid), and every setting Bicep sets must be one the code actually reads.
/// </summary>
public sealed class AppSettingsDriftTests(InfraFixture fixture) : IClassFixture<InfraFixture>
{
    /// <summary>Settings read by the Functions platform or SDKs rather than by our options classes.</summary>
    private static readonly string[] PlatformSettings =
    [
        "AZURE_CLIENT_ID",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
    ];

    [Fact]
    public async Task The_app_starts_with_exactly_the_settings_bicep_gives_it()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(fixture.Template.GetFunctionAppSettingNames().Select(name => KeyValuePair.Create(ToConfigKey(name), (string?)PlausibleValue(name))))
            .Build();
        var services = new ServiceCollection().AddLogging();
        services.AddHappyBabyHive(configuration);
        // Async disposal: some telemetry services (Application Insights' FunctionsTelemetryModule) are IAsyncDisposable only.
        await using var provider = services.BuildServiceProvider();

        // The same check the host runs at start-up for every ValidateOnStart option (it throws listing every failure).
        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal("AcsEmailSender", provider.GetRequiredService<HappyBabyHive.Email.IEmailSender>().GetType().Name);
    }

    [Fact]
    public void Every_setting_bicep_sets_is_read_by_the_code()
    {
        var known = OptionsSettings().Concat(PlatformSettings).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var unread = fixture.Template.GetFunctionAppSettingNames()
            .Where(name => !known.Contains(name) && !name.StartsWith(HappyBabyHive.Storage.StorageClients.ConnectionName + "__", StringComparison.Ordinal))
            .ToList();

        Assert.Empty(unread);
    }

    [Fact]
    public void The_checker_would_notice_a_setting_nobody_reads()
    {
        var known = OptionsSettings().ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.Contains("Business__OwnerEmail", known);
        Assert.DoesNotContain("Business__Nmae", known);
    }

    /// <summary>"Section__Property" for every public settable property of every options class in the app.</summary>
    private static IEnumerable<string> OptionsSettings() =>
        typeof(HappyBabyHive.ServiceCollectionExtensions).Assembly.GetTypes()
            .Select(type => (type, field: type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
            .Where(t => t.field is { IsLiteral: true })
            .SelectMany(t => t.type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanWrite)
                .Select(p => $"{t.field!.GetValue(null)}__{p.Name}"));

    private static string ToConfigKey(string appSetting) => appSetting.Replace("__", ":", StringComparison.Ordinal);

    private static string PlausibleValue(string name) => name switch
    {
        "Email__Provider" => "Acs",
        "Acs__ApiVersion" => "2023-03-31",
        // The worker's Application Insights SDK parses both at start-up.
        "APPLICATIONINSIGHTS_CONNECTION_STRING" => "InstrumentationKey=0e5c2f4a-1111-2222-3333-444455556666;IngestionEndpoint=https://uksouth-1.in.applicationinsights.azure.com/",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING" => "ClientId=00000000-0000-0000-0000-000000000001;Authorization=AAD",
        _ when name.StartsWith("WellbeingTips__SendsPer", StringComparison.Ordinal) => "2",
        "Business__TermsUrl" => "https://www.example.co.uk/booking-terms",
        // Payments on, with keys of Stripe's shapes (as the Key Vault references resolve once the secrets are stored).
        "Payments__Enabled" => "true",
        "Payments__SecretKey" => "sk_live_51Example",
        "Payments__WebhookSecret" => "whsec_Example",
        "Owner__SignInEmails" => "helper@example.co.uk",
        // As Bicep sets it: empty, so the queues are 'emails', 'tip-emails', ... (the triggers bind %Storage:NamePrefix%).
        "Storage__NamePrefix" => string.Empty,
        // A key as the preprovision hook makes it (48 random bytes, base64): the app's key rule must accept it.
        "Links__SigningKey" or "Links__PreviousSigningKey" => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)),
        _ when name.EndsWith("ServiceUri", StringComparison.Ordinal) => "https://stexample.table.core.windows.net",
        _ when name.EndsWith("__credential", StringComparison.Ordinal) => "managedidentity",
        _ when name.EndsWith("clientId", StringComparison.OrdinalIgnoreCase) || name == "AZURE_CLIENT_ID" => "00000000-0000-0000-0000-000000000001",
        _ when name.Contains("Email", StringComparison.Ordinal) || name.EndsWith("Address", StringComparison.Ordinal) => "someone@example.co.uk",
        _ when name.EndsWith("Url", StringComparison.Ordinal) || name.EndsWith("Endpoint", StringComparison.Ordinal) => "https://example.azurewebsites.net",
        _ when name.EndsWith("AllowedOrigins", StringComparison.Ordinal) => "https://www.example.co.uk",
        _ => "The Happy Baby Hive",
    };
}
