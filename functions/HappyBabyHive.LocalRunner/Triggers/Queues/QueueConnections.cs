using System.Collections.Concurrent;
using Azure.Identity;
using Azure.Storage.Queues;
using HappyBabyHive.LocalRunner.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace HappyBabyHive.LocalRunner.Triggers.Queues;

/// <summary>
/// Queue clients for a trigger's <c>connection</c> setting, resolved as the Functions host does: a connection string
/// in the setting itself (or in <c>AzureWebJobs{name}</c>), or identity-based <c>{name}__queueServiceUri</c>.
/// Messages are decoded per host.json <c>messageEncoding</c>; one that cannot be decoded goes to the poison queue as
/// it arrived, as the host does.
/// </summary>
internal sealed partial class QueueConnections(IConfiguration configuration, HostJson hostJson, ILogger<QueueConnections> logger)
{
    public const string DefaultConnection = "AzureWebJobsStorage";
    public const string PoisonSuffix = "-poison";

    private readonly ConcurrentDictionary<string, (QueueServiceClient Decoding, QueueServiceClient Raw)> clients = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Null when the connection is configured; otherwise what is missing, for the start-up report.</summary>
    public static string? Problem(IConfiguration configuration, string? connection)
    {
        var name = Name(connection);
        return ConnectionString(configuration, name) is null && ServiceUri(configuration, name) is null
            ? $"connection '{name}' is not configured: set '{name}' to a storage connection string (or '{name}__queueServiceUri' for identity-based access)."
            : null;
    }

    public QueueServiceClient Get(string? connection) => clients.GetOrAdd(Name(connection), Create).Decoding;

    private static string Name(string? connection) => string.IsNullOrWhiteSpace(connection) ? DefaultConnection : connection;

    private static string? ConnectionString(IConfiguration configuration, string name) =>
        new[] { configuration[name], configuration["AzureWebJobs" + name] }.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    private static Uri? ServiceUri(IConfiguration configuration, string name) =>
        Uri.TryCreate(configuration[$"{name}:queueServiceUri"], UriKind.Absolute, out var uri) ? uri : null;

    private (QueueServiceClient, QueueServiceClient) Create(string name)
    {
        var raw = Build(name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        var decoding = new QueueClientOptions { MessageEncoding = hostJson.Queues.MessageEncoding };
        decoding.MessageDecodingFailed += args => MoveUndecodableAsync(raw, args);
        return (Build(name, decoding), raw);
    }

    private QueueServiceClient Build(string name, QueueClientOptions options)
    {
        if (ConnectionString(configuration, name) is { } connectionString)
        {
            return new QueueServiceClient(connectionString, options);
        }

        var uri = ServiceUri(configuration, name) ?? throw new InvalidOperationException(Problem(configuration, name));
        var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = configuration[$"{name}:clientId"] });
        return new QueueServiceClient(uri, credential, options);
    }

    private async Task MoveUndecodableAsync(QueueServiceClient raw, QueueMessageDecodingFailedEventArgs args)
    {
        if (args.ReceivedMessage is not { } message)
        {
            return; // A peek; nothing to move.
        }

        var poison = raw.GetQueueClient(args.Queue.Name + PoisonSuffix);
        if (args.IsRunningSynchronously)
        {
            poison.CreateIfNotExists(cancellationToken: args.CancellationToken);
            poison.SendMessage(message.Body, cancellationToken: args.CancellationToken);
            args.Queue.DeleteMessage(message.MessageId, message.PopReceipt, args.CancellationToken);
        }
        else
        {
            await poison.CreateIfNotExistsAsync(cancellationToken: args.CancellationToken);
            await poison.SendMessageAsync(message.Body, cancellationToken: args.CancellationToken);
            await args.Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, args.CancellationToken);
        }

        LogUndecodable(logger, message.MessageId, args.Queue.Name, hostJson.Queues.MessageEncoding.ToString(), poison.Name);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} on queue {Queue} is not valid {Encoding}; moved to {PoisonQueue} unchanged")]
    private static partial void LogUndecodable(ILogger logger, string messageId, string queue, string encoding, string poisonQueue);
}
