using Microsoft.Extensions.Configuration;

namespace HappyBabyHive.Tests.Support;

public static class TestSettings
{
    /// <summary>The settings every test host needs; tests add or override entries.</summary>
    public static Dictionary<string, string?> Defaults() => new()
    {
        ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        ["Business:Name"] = "The Happy Baby Hive",
        ["Business:OwnerEmail"] = "owner@happybabyhive.test",
        ["Business:PublicBaseUrl"] = "http://127.0.0.1:7071",
        ["Website:AllowedOrigins"] = "https://www.happybabyhive.test",
        ["Email:SenderAddress"] = "hello@happybabyhive.test",
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = "1025",
        ["Links:SigningKey"] = "/9SqxX/YZWxJ4M4ZIThSINOOEMrIytEhTS6zsfszMcWK3jdQGHd5oIrMiQygkgJ6",
    };

    public static IConfiguration Configuration(Action<Dictionary<string, string?>>? change = null)
    {
        var settings = Defaults();
        change?.Invoke(settings);
        return new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    }
}
