using System.Globalization;
using Azure.Data.Tables;
using HappyBabyHive.LocalRunner.Hosting;
using HappyBabyHive.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.IntegrationTests.Support;

/// <summary>
/// The whole app served over real HTTP by the local runner on the shared emulators, with its tables created. No name
/// prefix: the queue trigger listens on the production queue name, as in Azure, so these hosts share tables.
/// </summary>
public static class EndToEndHost
{
    public static async Task<LocalFunctionsHost> StartAsync(EmulatorFixture emulators, string signingKey)
    {
        var host = await LocalFunctionsHost.StartAsync(new LocalFunctionsHostOptions
        {
            Port = 0,
            Settings = new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = emulators.StorageConnectionString,
                ["Smtp__Port"] = emulators.SmtpPort.ToString(CultureInfo.InvariantCulture),
                ["Links__SigningKey"] = signingKey,
            }.Concat(TestSettings.RelaxedAbuse("__")).ToDictionary(),
        });
        await TestStorage.CreateAsync(host.Services);

        return host;
    }
}
