using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace HappyBabyHive.Storage;

/// <summary>
/// Builds the Table, Queue and Blob service clients from the same <c>AzureWebJobsStorage</c> connection the Functions
/// host uses for triggers: a connection string locally (Azurite), managed identity settings in Azure.
/// </summary>
public static class StorageClients
{
    public const string ConnectionName = "AzureWebJobsStorage";

    // The queue trigger decodes base64 by default (host.json "messageEncoding"), so producers must encode the same way.
    public static QueueClientOptions QueueOptions()
    {
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        options.AddPolicy(StorageRequestMetrics.Policy("queue"), HttpPipelinePosition.PerRetry);
        return options;
    }

    public static TableClientOptions TableOptions()
    {
        var options = new TableClientOptions();
        options.AddPolicy(StorageRequestMetrics.Policy("table"), HttpPipelinePosition.PerRetry);
        return options;
    }

    public static TableServiceClient CreateTableServiceClient(IConfiguration configuration)
    {
        var connection = configuration.GetSection(ConnectionName);
        var options = TableOptions();
        ApplyRetry(options.Retry, configuration);
        if (!string.IsNullOrWhiteSpace(connection.Value))
        {
            return new TableServiceClient(connection.Value, options);
        }

        return new TableServiceClient(RequiredUri(connection, "tableServiceUri"), Credential(connection), options);
    }

    public static QueueServiceClient CreateQueueServiceClient(IConfiguration configuration)
    {
        var connection = configuration.GetSection(ConnectionName);
        var options = QueueOptions();
        ApplyRetry(options.Retry, configuration);
        if (!string.IsNullOrWhiteSpace(connection.Value))
        {
            return new QueueServiceClient(connection.Value, options);
        }

        return new QueueServiceClient(RequiredUri(connection, "queueServiceUri"), Credential(connection), options);
    }

    /// <summary>Bounds how long one storage call waits when storage is down (Storage:MaxRetries, RetryDelay, MaxRetryDelay, NetworkTimeout).</summary>
    public static void ApplyRetry(RetryOptions retry, IConfiguration configuration)
    {
        var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        retry.Mode = RetryMode.Exponential;
        retry.MaxRetries = storage.MaxRetries;
        retry.Delay = storage.RetryDelay;
        retry.MaxDelay = storage.MaxRetryDelay;
        retry.NetworkTimeout = storage.NetworkTimeout;
    }

    /// <summary>For the nightly table backups (AzureWebJobsStorage__blobServiceUri in Azure, already set for the host).</summary>
    public static BlobServiceClient CreateBlobServiceClient(IConfiguration configuration)
    {
        var connection = configuration.GetSection(ConnectionName);
        if (!string.IsNullOrWhiteSpace(connection.Value))
        {
            return new BlobServiceClient(connection.Value);
        }

        return new BlobServiceClient(RequiredUri(connection, "blobServiceUri"), Credential(connection));
    }

    private static Uri RequiredUri(IConfigurationSection connection, string key) =>
        Uri.TryCreate(connection[key], UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException(
                $"Storage is not configured: set '{ConnectionName}' to a connection string, or '{ConnectionName}__{key}' for managed identity.");

    private static TokenCredential Credential(IConfigurationSection connection)
    {
        var clientId = connection["clientId"];
        return string.IsNullOrWhiteSpace(clientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
    }
}
