using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.LocalRunner.Hosting;
using HappyBabyHive.Storage;
using HappyBabyHive.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.IntegrationTests.Faults;

/// <summary>The whole app on the local runner against a fault test's private emulators, with every log line kept.</summary>
internal static class FaultHost
{
    public static async Task<LocalFunctionsHost> StartAsync(
        PrivateEmulators emulators, LogCapture logs, Action<Dictionary<string, string?>>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = emulators.StorageConnectionString,
            ["Smtp__Port"] = emulators.SmtpPort.ToString(CultureInfo.InvariantCulture),
            ["Smtp__RetryDelay"] = "00:00:00.050",
            ["Links__SigningKey"] = "llDWVcU9btdAbYulKrWlFMydDtEQmEuFkJG+U5VzH5FivBvDf91OOSnkdky68yhx",

            // A failed message is retried at once and polling is quick, so five deliveries take a second, not minutes.
            ["AzureFunctionsJobHost__extensions__queues__visibilityTimeout"] = "00:00:00",
            ["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.200",

            // The sweep may re-enqueue an owed email after a second instead of two minutes (tests run it on demand).
            ["Outbox__FirstSweepAfter"] = "00:00:01",
        };

        // Bursts come from one test client: the shared abuse limits are out of the way (tests of the limits set their own).
        foreach (var (key, value) in TestSettings.RelaxedAbuse("__"))
        {
            values[key] = value;
        }

        settings?.Invoke(values);
        var host = await LocalFunctionsHost.StartAsync(new LocalFunctionsHostOptions
        {
            Port = 0,
            Settings = values,
            ConfigureServices = services =>
            {
                services.AddSingleton<ILoggerProvider>(logs);
                configure?.Invoke(services);
            },
        });
        var storage = host.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        foreach (var table in storage.AllTables)
        {
            await host.Services.GetRequiredService<TableServiceClient>().GetTableClient(table).CreateIfNotExistsAsync();
        }

        foreach (var queue in storage.AllQueues)
        {
            await host.Services.GetRequiredService<QueueServiceClient>().GetQueueClient(queue).CreateIfNotExistsAsync();
        }

        return host;
    }

    public static QueueClient Queue(this LocalFunctionsHost host, string name) =>
        host.Services.GetRequiredService<QueueServiceClient>().GetQueueClient(name);

    public static StorageOptions Storage(this LocalFunctionsHost host) => host.Services.GetRequiredService<IOptions<StorageOptions>>().Value;

    public static async Task<Course> AddCourseAsync(this LocalFunctionsHost host, int capacity = 10, int freePlaces = 2)
    {
        var course = SampleCourses.Upcoming(capacity: capacity, freePlaces: freePlaces);
        Assert.True(await host.Services.GetRequiredService<ICourseStore>().TryAddAsync(course, CancellationToken.None));
        return course;
    }

    /// <summary>Waits until the queue has been empty (no visible or invisible messages) for a moment.</summary>
    public static async Task WaitUntilEmptyAsync(QueueClient queue, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Queue {queue.Name} did not empty in time");
            await Task.Delay(100);
        }
    }

    public static async Task WaitForCountAsync(QueueClient queue, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Queue {queue.Name} did not reach {count} messages in time");
            await Task.Delay(100);
        }
    }

    public static async Task<(HttpResponseMessage Response, BookingRequest Request)> BookAsync(HttpClient http, Course course)
    {
        var request = TestBookings.For(course);
        return (await http.PostAsJsonAsync("bookings", request), request);
    }

    public static async Task<string> ReferenceAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reference").GetString()!;
}

/// <summary>Keeps every log line (category, level, formatted message, exception type and message) for assertions.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyCollection<string> Lines => lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception?.GetType().Name} {exception?.Message}");
    }
}
