using System.Globalization;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace HappyBabyHive.LocalRunner.Hosting;

/// <summary>The host.json settings the runner honours, with the Functions host's defaults where a value is absent.</summary>
public sealed record QueueTriggerSettings
{
    /// <summary>Messages fetched per poll (1 to 32). Host default 16.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Fetch again once this many or fewer are still running. Host default: half the batch size.</summary>
    public int NewBatchThreshold { get; init; } = 8;

    /// <summary>The longest wait between polls of an empty queue. Host default one minute.</summary>
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a failed message stays invisible before its retry. Host default zero.</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;

    /// <summary>Deliveries before a message moves to the poison queue. Host default 5.</summary>
    public int MaxDequeueCount { get; init; } = 5;

    public QueueMessageEncoding MessageEncoding { get; init; } = QueueMessageEncoding.Base64;
}

/// <summary>
/// Reads host.json from the functions output folder. App settings named <c>AzureFunctionsJobHost__path__to__value</c>
/// override it, as they do in the Functions host.
/// </summary>
public sealed class HostJson
{
    public const string FileName = "host.json";
    private const string OverrideSection = "AzureFunctionsJobHost";

    private HostJson(string routePrefix, QueueTriggerSettings queues)
    {
        RoutePrefix = routePrefix;
        Queues = queues;
    }

    /// <summary>The HTTP route prefix (extensions.http.routePrefix); "api" by default, empty allowed.</summary>
    public string RoutePrefix { get; }

    public QueueTriggerSettings Queues { get; }

    public static HostJson Load(string directory, IConfiguration appSettings)
    {
        var path = Path.Combine(directory, FileName);
        var overrides = appSettings.GetSection(OverrideSection).AsEnumerable(makePathsRelative: true).Where(p => p.Value is not null);
        var json = new ConfigurationBuilder()
            .AddJsonFile(path, optional: true)
            .AddInMemoryCollection(overrides)
            .Build();

        var queues = json.GetSection("extensions:queues");
        var batchSize = Int(queues, "batchSize", 16, 1, 32);
        var settings = new QueueTriggerSettings
        {
            BatchSize = batchSize,
            NewBatchThreshold = Int(queues, "newBatchThreshold", batchSize / 2, 0, 1000),
            MaxPollingInterval = Duration(queues, "maxPollingInterval", TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(100)),
            VisibilityTimeout = Duration(queues, "visibilityTimeout", TimeSpan.Zero, TimeSpan.Zero),
            MaxDequeueCount = Int(queues, "maxDequeueCount", 5, 1, 1000),
            MessageEncoding = queues["messageEncoding"]?.ToUpperInvariant() switch
            {
                null or "BASE64" => QueueMessageEncoding.Base64,
                "NONE" => QueueMessageEncoding.None,
                var other => throw Invalid("extensions.queues.messageEncoding", other, "'base64' or 'none'"),
            },
        };

        return new HostJson(json["extensions:http:routePrefix"]?.Trim('/') ?? "api", settings);
    }

    private static int Int(IConfigurationSection section, string key, int fallback, int min, int max)
    {
        var text = section[key];
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw Invalid($"extensions.queues.{key}", text, $"a whole number from {min} to {max}");
    }

    private static TimeSpan Duration(IConfigurationSection section, string key, TimeSpan fallback, TimeSpan min)
    {
        var text = section[key];
        if (text is null)
        {
            return fallback;
        }

        // Functions v1 took milliseconds; v2 and later take hh:mm:ss. The host still accepts both.
        TimeSpan? value = long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? TimeSpan.FromMilliseconds(ms)
            : TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) ? span
            : null;
        return value is { } v && v >= min ? v : throw Invalid($"extensions.queues.{key}", text, $"a duration (hh:mm:ss) of at least {min}");
    }

    private static InvalidDataException Invalid(string setting, string value, string expected) =>
        new($"host.json {setting} is '{value}'; expected {expected}.");
}
