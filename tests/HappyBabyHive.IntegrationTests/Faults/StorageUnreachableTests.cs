using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Net.Http.Json;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.LocalRunner.Emulators;
using HappyBabyHive.LocalRunner.Hosting;

namespace HappyBabyHive.IntegrationTests.Faults;

/// <summary>
/// The app pointed at storage that is not there: every endpoint answers 503 with Retry-After within the configured
/// bound (problem details for the API, a friendly page for a browser), never 500 after Azure.Core's default ~6 s.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class StorageUnreachableTests
{
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    // A closed port refuses at once: the bound is the back-off (0.4 s + 0.8 s, jittered), well under the 6 s of the defaults.
    [Fact]
    public async Task With_storage_refusing_connections_every_endpoint_answers_503_with_retry_after_promptly()
    {
        await using var host = await StartAsync(FreePort.Next(), networkTimeout: "00:00:03");
        await AssertEveryEndpointAnswers503Within(host, TimeSpan.FromSeconds(4));
    }

    // Storage that accepts the connection and then never answers is bounded by Storage:NetworkTimeout per try.
    [Fact]
    public async Task With_storage_hanging_the_wait_is_bounded_by_the_configured_network_timeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<TcpClient>();
        using var stop = new CancellationTokenSource();
        var acceptLoop = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    accepted.Add(await silent.AcceptTcpClientAsync(stop.Token));
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        try
        {
            // Three tries of 0.5 s plus about 1.2 s of back-off.
            await using var host = await StartAsync(((IPEndPoint)silent.LocalEndpoint).Port, networkTimeout: "00:00:00.500");
            await AssertEveryEndpointAnswers503Within(host, TimeSpan.FromSeconds(5));
        }
        finally
        {
            await stop.CancelAsync();
            await acceptLoop;
            accepted.ForEach(c => c.Dispose());
        }
    }

    private static async Task AssertEveryEndpointAnswers503Within(LocalFunctionsHost host, TimeSpan bound)
    {
        using var http = host.CreateClient();
        var requests = new Func<HttpRequestMessage>[]
        {
            () => Json(HttpMethod.Get, "courses"),
            () => new HttpRequestMessage(HttpMethod.Post, "bookings")
            {
                Content = JsonContent.Create(TestBookings.For(SampleCourses.Upcoming())),
                Headers = { Accept = { new MediaTypeWithQualityHeaderValue("application/json") } },
            },
            () => Html(HttpMethod.Get, "forms/booking"),
            () => Html(HttpMethod.Get, "forms/booking?course=2026-12-01-baby-massage"),
        };

        foreach (var create in requests)
        {
            using var request = create();
            var what = $"{request.Method} {request.RequestUri}";
            var started = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request);
            var elapsed = Stopwatch.GetElapsedTime(started);

            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{what} answered {(int)response.StatusCode}");
            Assert.True(elapsed < bound, $"{what} took {elapsed.TotalSeconds:0.0} s (bound {bound.TotalSeconds} s)");
            Assert.Equal(TimeSpan.FromSeconds(60), response.Headers.RetryAfter?.Delta);
            var body = await response.Content.ReadAsStringAsync();
            if (request.Headers.Accept.Any(a => a.MediaType == "text/html"))
            {
                Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
                Assert.Contains("try again in a minute", body, StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.Contains("urn:happybabyhive:problem:unavailable", body, StringComparison.Ordinal);
            }
        }
    }

    private static HttpRequestMessage Json(HttpMethod method, string path) =>
        new(method, path) { Headers = { Accept = { new MediaTypeWithQualityHeaderValue("application/json") } } };

    private static HttpRequestMessage Html(HttpMethod method, string path) =>
        new(method, path) { Headers = { Accept = { new MediaTypeWithQualityHeaderValue("text/html") } } };

    private static Task<LocalFunctionsHost> StartAsync(int storagePort, string networkTimeout)
    {
        var endpoint = $"http://127.0.0.1:{storagePort}/devstoreaccount1";
        return LocalFunctionsHost.StartAsync(new LocalFunctionsHostOptions
        {
            Port = 0,
            Settings = new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentKey};" +
                    $"BlobEndpoint={endpoint};QueueEndpoint={endpoint};TableEndpoint={endpoint};",
                ["Storage__NetworkTimeout"] = networkTimeout,
                ["Links__SigningKey"] = "GRYEXPJiJJpsKTtmF9KAO3pMdDftHh/tN5vgLHH8E5KlOes/GFc22rLClAWA5nRC",
            },
        });
    }
}
