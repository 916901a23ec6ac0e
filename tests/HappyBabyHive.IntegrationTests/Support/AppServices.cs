using Azure.Data.Tables;
using Azure.Storage.Queues;
using HappyBabyHive.Storage;
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
        var values = TestSettings.ForEmulators(emulators);
        values["Smtp:RetryDelay"] = "00:00:00.050";
        settings?.Invoke(values);
        var configuration = TestSettings.Build(values);

        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddHappyBabyHive(configuration);
        configure?.Invoke(services);
        var app = new AppServices(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
        await TestStorage.CreateAsync(app.Provider);
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        await TestStorage.DeleteAsync(Provider);
        await Provider.DisposeAsync();
    }
}
