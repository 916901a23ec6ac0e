using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace HappyBabyHive.TestSupport;

/// <summary>The in-memory configuration every test builds the app with; tests add or override entries.</summary>
public static class TestSettings
{
    /// <summary>A test-only link signing key (48 random bytes, base64): never one used anywhere else.</summary>
    public const string SigningKey = "/9SqxX/YZWxJ4M4ZIThSINOOEMrIytEhTS6zsfszMcWK3jdQGHd5oIrMiQygkgJ6";

    /// <summary>The keyed hasher every test app has (it derives from <see cref="SigningKey"/>).</summary>
    public static readonly HappyBabyHive.Links.PersonalDataHasher Hasher = new(SigningKey);

    public const string OwnerEmail = "owner@happybabyhive.test";

    /// <summary>The settings every test host needs, in configuration-key form (Section:Key).</summary>
    public static Dictionary<string, string?> Defaults() => new Dictionary<string, string?>
    {
        ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        ["Business:Name"] = "The Happy Baby Hive",
        ["Business:OwnerEmail"] = OwnerEmail,
        ["Business:PublicBaseUrl"] = "http://127.0.0.1:7071",
        ["Website:AllowedOrigins"] = "https://www.happybabyhive.test",
        ["Email:SenderAddress"] = "hello@happybabyhive.test",
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = "1025",
        ["Links:SigningKey"] = SigningKey,
    }.Concat(RelaxedAbuse(":")).ToDictionary();

    private static readonly string[] AbuseRules =
    [
        "BookingsPerClientPerCourse", "BookingsPerClient", "BookingsPerEmailPerCourse", "FreePlaceRequestsPerClient",
        "SubscriptionsPerClient", "EmailsPerAddress", "SignInEmailsPerAddressAndClient", "SignInEmailsPerClient",
    ];

    /// <summary>
    /// The shared limits out of the way and no minimum fill time: most tests post many times from 127.0.0.1 into the
    /// same tables, and a browser test fills a form in milliseconds. Tests of the limits set their own values.
    /// </summary>
    /// <param name="separator">":" for in-memory configuration, "__" for the local runner's app settings.</param>
    public static Dictionary<string, string?> RelaxedAbuse(string separator = ":")
    {
        var settings = AbuseRules.ToDictionary(rule => $"Abuse{separator}{rule}{separator}Permits", _ => (string?)"1000000");
        settings[$"Abuse{separator}MinimumFillTime"] = "00:00:00";
        return settings;
    }

    /// <summary>
    /// <see cref="Defaults"/> pointed at the emulators, with a table and queue name prefix of its own (a letter and ten
    /// hex digits), so whoever uses it sees only its own data in the shared Azurite.
    /// </summary>
    public static Dictionary<string, string?> ForEmulators(EmulatorFixture emulators, string prefixLetter = "t")
    {
        var settings = Defaults();
        settings["AzureWebJobsStorage"] = emulators.StorageConnectionString;
        settings["Smtp:Port"] = emulators.SmtpPort.ToString(CultureInfo.InvariantCulture);
        settings["Storage:NamePrefix"] = NewPrefix(prefixLetter);
        return settings;
    }

    /// <summary>A storage name prefix no other test uses (table and queue names allow letters and digits).</summary>
    public static string NewPrefix(string letter = "t") => letter + Guid.NewGuid().ToString("N")[..10];

    public static IConfiguration Configuration(Action<Dictionary<string, string?>>? change = null)
    {
        var settings = Defaults();
        change?.Invoke(settings);
        return Build(settings);
    }

    public static IConfiguration Build(IEnumerable<KeyValuePair<string, string?>> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
