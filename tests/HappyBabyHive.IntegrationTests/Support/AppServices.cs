using Azure.Data.Tables;
using Azure.Storage.Queues;
using HappyBabyHive.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.IntegrationTests.Support;

/// <summary>
/// The app's own registration (AddHappyBabyHive) against the emulators, built but not run (the NuGet/Insights
/// pattern). Each instance gets its own table and queue name prefix, so tests never see each other's data.
/// </summary>
public sealed class AppServices : IAsyncDisposable
{
    private AppServices(ServiceProvider provider) => Provider = provider;

    public ServiceProvider Provider { get; }

    public T Get<T>()
        where T : notnull => Provider.GetRequiredService<T>();

    public StorageOptions Storage => Get<IOptions<StorageOptions>>().Value;

    public TableClient BookingsTable => Get<TableServiceClient>().GetTableClient(Storage.BookingsTable);

    public QueueClient EmailQueue => Get<QueueServiceClient>().GetQueueClient(Storage.EmailQueue);

    public static async Task<AppServices> CreateAsync(EmulatorFixture emulators, Action<IServiceCollection>? configure = null, Action<Dictionary<string, string?>>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = emulators.StorageConnectionString,
            ["Storage:NamePrefix"] = "t" + Guid.NewGuid().ToString("N")[..10],
            ["Business:Name"] = "The Happy Baby Hive",
            ["Business:OwnerEmail"] = "owner@happybabyhive.test",
            ["Business:PublicBaseUrl"] = "http://127.0.0.1:7071",
            ["Email:SenderAddress"] = "hello@happybabyhive.test",
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = emulators.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:RetryDelay"] = "00:00:00.050",
            ["Links:SigningKey"] = "z7e3SZLTQ4ma2Qq+h/hxN/qwBlBKdM7FdpuNC7rMg8gu4M+e1b+0CQqblD2J/IEX",
        };
        settings?.Invoke(values);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddHappyBabyHive(configuration);
        configure?.Invoke(services);
        var app = new AppServices(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
        await app.CreateStorageAsync();
        return app;
    }

    private async Task CreateStorageAsync()
    {
        foreach (var table in Storage.AllTables)
        {
            await Get<TableServiceClient>().GetTableClient(table).CreateIfNotExistsAsync();
        }

        foreach (var queue in Storage.AllQueues)
        {
            await Get<QueueServiceClient>().GetQueueClient(queue).CreateIfNotExistsAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var table in Storage.AllTables)
        {
            await Get<TableServiceClient>().DeleteTableAsync(table);
        }

        foreach (var queue in Storage.AllQueues)
        {
            await Get<QueueServiceClient>().DeleteQueueAsync(queue);
        }

        await Provider.DisposeAsync();
    }
}
