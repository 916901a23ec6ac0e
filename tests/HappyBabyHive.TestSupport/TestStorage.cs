using Azure.Data.Tables;
using Azure.Storage.Queues;
using HappyBabyHive.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.TestSupport;

/// <summary>
/// Creates and deletes the app's tables and queues for a test, under the app's configured name prefix. In Azure the
/// Bicep template creates them; the emulators start empty.
/// </summary>
public static class TestStorage
{
    /// <summary>Every table and queue the app built on <paramref name="services"/> uses, through its own clients.</summary>
    public static Task CreateAsync(IServiceProvider services) =>
        CreateAsync(services.GetRequiredService<TableServiceClient>(), services.GetRequiredService<QueueServiceClient>(), Options(services));

    public static async Task CreateAsync(TableServiceClient tables, QueueServiceClient queues, StorageOptions storage)
    {
        foreach (var table in storage.AllTables)
        {
            await tables.GetTableClient(table).CreateIfNotExistsAsync();
        }

        foreach (var queue in storage.AllQueues)
        {
            await queues.GetQueueClient(queue).CreateIfNotExistsAsync();
        }
    }

    /// <summary>
    /// Deletes what <see cref="CreateAsync(IServiceProvider)"/> created, so a long run does not fill Azurite's memory.
    /// Tolerates what is already gone: under load a delete can time out after Azurite has done it, and the SDK's retry
    /// then finds nothing to delete.
    /// </summary>
    public static async Task DeleteAsync(IServiceProvider services)
    {
        var storage = Options(services);
        var tables = services.GetRequiredService<TableServiceClient>();
        var queues = services.GetRequiredService<QueueServiceClient>();
        foreach (var table in storage.AllTables)
        {
            await tables.GetTableClient(table).DeleteAsync();
        }

        foreach (var queue in storage.AllQueues)
        {
            await queues.GetQueueClient(queue).DeleteIfExistsAsync();
        }
    }

    private static StorageOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<StorageOptions>>().Value;
}
