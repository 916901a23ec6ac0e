using System.Net;
using Azure.Storage.Queues;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.LocalRunner.Hosting;
using HappyBabyHive.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.IntegrationTests.EndToEnd;

/// <summary>The local runner behaves like the Functions host where our app depends on it: poison queues and the admin API.</summary>
[Collection(UsesEmulators.Name)]
public sealed class LocalRunnerTests(EmulatorFixture emulators) : IAsyncLifetime
{
    private LocalFunctionsHost host = null!;

    public async Task InitializeAsync() => host = await LocalFunctionsHost.StartAsync(new LocalFunctionsHostOptions
    {
        Port = 0,
        Settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = emulators.StorageConnectionString,
            ["Smtp__Port"] = emulators.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Links__SigningKey"] = "86xkTi4BlzlxELw1+WP5PPSsk7tZz6VA1WNgWDGwpGzzDPoE/jZ6RRhjHmwIQY3y",

            // The queue triggers bind %Storage:NamePrefix%...: with a prefix the runner must listen on the prefixed
            // queues the app sends to, or the messages below are never delivered.
            ["Storage__NamePrefix"] = "lr" + Guid.NewGuid().ToString("N")[..10],

            // Retry failed messages at once and poll often, so five deliveries take a second rather than minutes.
            ["AzureFunctionsJobHost__extensions__queues__visibilityTimeout"] = "00:00:00",
            ["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.200",
        },
    });

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // the owner's sign-in queue: the runner listens to it because functions.metadata names it
    public async Task A_message_that_always_fails_ends_in_the_poison_queue_after_five_deliveries(bool ownerQueue)
    {
        var storage = host.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var queues = host.Services.GetRequiredService<QueueServiceClient>();
        var queue = ownerQueue ? storage.OwnerEmailQueue : storage.EmailQueue;
        var poison = queues.GetQueueClient(queue + QueueNames.PoisonSuffix);
        await poison.CreateIfNotExistsAsync();
        await poison.ClearMessagesAsync();
        await queues.GetQueueClient(queue).CreateIfNotExistsAsync(); // the listener may not have created it yet

        await queues.GetQueueClient(queue).SendMessageAsync("this is not an outbox pointer");

        for (var i = 0; i < 150 && (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0; i++)
        {
            await Task.Delay(200);
        }

        var poisoned = (await poison.ReceiveMessageAsync()).Value;
        Assert.NotNull(poisoned);
        Assert.Equal("this is not an outbox pointer", poisoned.Body.ToString());
    }

    [Fact]
    public async Task Timers_can_be_run_on_demand_only_with_the_master_key()
    {
        using var http = new HttpClient { BaseAddress = host.BaseAddress };

        using var anonymous = await http.PostAsync("admin/functions/SweepOutbox", JsonContent("{}"));
        using var functionKey = await http.SendAsync(Post("admin/functions/SweepOutbox", host.Keys.FunctionKey));
        using var masterKey = await http.SendAsync(Post("admin/functions/SweepOutbox", host.Keys.MasterKey));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, functionKey.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, masterKey.StatusCode);
    }

    private static HttpRequestMessage Post(string path, string key) => new(HttpMethod.Post, path)
    {
        Content = JsonContent("{}"),
        Headers = { { FunctionKeys.HeaderName, key } },
    };

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
