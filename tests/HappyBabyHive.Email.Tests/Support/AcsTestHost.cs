using Azure.Core;
using HappyBabyHive.Email.Acs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HappyBabyHive.Email.Tests.Support;

/// <summary>
/// The app's own registrations (AddHappyBabyHive, as Program.cs calls it) with test settings: short timeouts and
/// retry delays so no test waits long.
/// </summary>
public static class AcsTestHost
{
    public const string OwnerEmail = "owner@happybabyhive.test";
    public const string SenderAddress = "DoNotReply@happybabyhive.test";

    public static Dictionary<string, string?> Settings() => new()
    {
        ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        ["Business:Name"] = "The Happy Baby Hive",
        ["Business:OwnerEmail"] = OwnerEmail,
        ["Business:PublicBaseUrl"] = "http://127.0.0.1:7071",
        ["Website:AllowedOrigins"] = "https://www.happybabyhive.test",
        ["Email:Provider"] = "Acs",
        ["Email:SenderAddress"] = SenderAddress,
        ["Acs:AttemptTimeout"] = "00:00:01.500", // under the fake's 2 s hang, with room for a slow first request
        ["Acs:TotalTimeout"] = "00:00:10",
        ["Acs:RetryDelay"] = "00:00:00.050",
        ["Acs:MaxRetryAfterToWaitInProcess"] = "00:00:05",
    };

    public static ServiceProvider Build(
        Action<Dictionary<string, string?>>? change = null,
        TokenCredential? credential = null,
        TimeProvider? time = null)
    {
        var settings = Settings();
        change?.Invoke(settings);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var services = new ServiceCollection();
        services.AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        if (credential is not null)
        {
            services.AddKeyedSingleton(AcsEmailServiceCollectionExtensions.CredentialKey, credential);
        }

        services.AddHappyBabyHive(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }
}
