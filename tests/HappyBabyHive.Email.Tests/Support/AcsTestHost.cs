using Azure.Core;
using HappyBabyHive.Email.Acs;
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

    /// <summary>The shared test settings (TestSettings.Defaults), sending through ACS with short timeouts.</summary>
    public static Dictionary<string, string?> Settings()
    {
        var settings = TestSettings.Defaults();
        settings["Business:OwnerEmail"] = OwnerEmail;
        settings["Email:Provider"] = "Acs";
        settings["Email:SenderAddress"] = SenderAddress;
        settings["Acs:AttemptTimeout"] = "00:00:01.500"; // under the fake's 2 s hang, with room for a slow first request
        settings["Acs:TotalTimeout"] = "00:00:10";
        settings["Acs:RetryDelay"] = "00:00:00.050";
        settings["Acs:MaxRetryAfterToWaitInProcess"] = "00:00:05";
        return settings;
    }

    public static ServiceProvider Build(
        Action<Dictionary<string, string?>>? change = null,
        TokenCredential? credential = null,
        TimeProvider? time = null)
    {
        var settings = Settings();
        change?.Invoke(settings);
        var configuration = TestSettings.Build(settings);

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
