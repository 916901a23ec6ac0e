using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using HappyBabyHive.Courses;
using HappyBabyHive.LocalRunner.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace HappyBabyHive.IntegrationTests.Abuse;

/// <summary>
/// Two app instances sharing one Azurite (one set of tables): the limits hold across both, count only accepted posts,
/// key on the connection's own address (each client below connects from its own 127.0.0.x), and never stand between
/// the owner and her sign-in email.
/// </summary>
public sealed class SharedLimitTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private const int BookingsPerClient = 3;
    private const int SignInEmailsPerAddressAndClient = 2;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly string owner = $"owner-{Guid.NewGuid():N}@happybabyhive.test";
    private LocalFunctionsHost first = null!;
    private LocalFunctionsHost second = null!;
    private Course course = null!;

    public async Task InitializeAsync()
    {
        var prefix = "ab" + Guid.NewGuid().ToString("N")[..10];
        first = await StartAsync(prefix);
        second = await StartAsync(prefix);
        await TestStorage.CreateAsync(first.Services);
        course = SampleCourses.Upcoming(capacity: 50);
        await first.Services.GetRequiredService<ICourseStore>().TryAddAsync(course, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await TestStorage.DeleteAsync(first.Services);
        await second.DisposeAsync();
        await first.DisposeAsync();
    }

    [Fact]
    public async Task A_burst_from_one_client_across_both_instances_gets_only_its_allowance_of_bookings()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var http = Client(i % 2 == 0 ? first : second, "127.0.0.11");
            using var response = await http.PostAsJsonAsync("bookings", TestBookings.For(course, TestBookings.UniqueEmail(), baby: "Baby" + i));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(BookingsPerClient, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(8 - BookingsPerClient, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Created, BookingsPerClient), statuses.Take(BookingsPerClient));
    }

    [Fact]
    public async Task Families_on_other_addresses_are_not_held_back_and_typos_cost_nothing()
    {
        // One family makes five typos first (refused, not counted), then books: still within its allowance.
        using (var typos = Client(second, "127.0.0.21"))
        {
            for (var i = 0; i < 5; i++)
            {
                using var refused = await typos.PostAsJsonAsync("bookings", TestBookings.For(course, "not an address", baby: "Typo"));
                Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            }
        }

        for (var client = 21; client < 27; client++)
        {
            using var http = Client(client % 2 == 0 ? first : second, $"127.0.0.{client}");
            using var response = await http.PostAsJsonAsync("bookings", TestBookings.For(course, TestBookings.UniqueEmail(), baby: "Client" + client));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    [Fact]
    public async Task The_owner_can_always_ask_for_her_sign_in_link_during_a_flood_from_elsewhere()
    {
        // A script asks for the owner's link from ten addresses, through both instances, and books as fast as it can.
        var flooded = 0;
        for (var i = 0; i < 30; i++)
        {
            var host = i % 2 == 0 ? first : second;
            using var http = Client(host, $"127.0.0.{40 + (i % 10)}");
            using var signIn = await http.PostAsync("console/sign-in", Form(("email", owner)));
            flooded += signIn.StatusCode == HttpStatusCode.TooManyRequests ? 1 : 0;
            using var booking = await http.PostAsJsonAsync("bookings", TestBookings.For(course, TestBookings.UniqueEmail(), baby: "Flood" + i));
        }

        Assert.True(flooded > 0, "the flood's own connections were never limited");
        foreach (var host in new[] { first, second })
        {
            using var ownConnection = Client(host, "127.0.0.99");
            using var asked = await ownConnection.PostAsync("console/sign-in", Form(("email", owner)));
            Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        }
    }

    [Fact]
    public async Task A_form_post_without_its_token_is_refused_kindly_with_the_typing_kept()
    {
        using var http = Client(first, "127.0.0.60");

        using var response = await http.PostAsync("forms/booking", Form(("courseId", course.Id), ("parentName", "Sam Smith"), ("email", "sam@example.co.uk")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("press Book my place again", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.Contains("value=\"Sam Smith\"", page, StringComparison.Ordinal);
        Assert.Contains("name=\"formToken\"", page, StringComparison.Ordinal);
    }

    private async Task<LocalFunctionsHost> StartAsync(string prefix)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = emulators.StorageConnectionString,
            ["Smtp__Port"] = emulators.SmtpPort.ToString(CultureInfo.InvariantCulture),
            ["Links__SigningKey"] = TestSettings.SigningKey,
            ["Storage__NamePrefix"] = prefix,
            ["Business__OwnerEmail"] = owner,
            ["AzureWebJobs:SendEmail:Disabled"] = "true",
            ["AzureWebJobs:SendOwnerEmail:Disabled"] = "true",
            ["AzureWebJobs:SweepOutbox:Disabled"] = "true",
            ["AzureWebJobs:PurgeFreePlaceNotes:Disabled"] = "true",
            ["AzureWebJobs:PublishWeeklyTip:Disabled"] = "true",
            ["AzureWebJobs:SendSessionReminders:Disabled"] = "true",
            ["AzureWebJobs:RecoverInterruptedMoves:Disabled"] = "true",
            ["AzureWebJobs:LapseEndedOffers:Disabled"] = "true",
            ["AzureWebJobs:ReleaseUnusedFreePlaces:Disabled"] = "true",
        };
        foreach (var (key, value) in TestSettings.RelaxedAbuse("__"))
        {
            settings[key] = value;
        }

        settings["Abuse__BookingsPerClient__Permits"] = BookingsPerClient.ToString(CultureInfo.InvariantCulture);
        settings["Abuse__SignInEmailsPerAddressAndClient__Permits"] = SignInEmailsPerAddressAndClient.ToString(CultureInfo.InvariantCulture);
        return await LocalFunctionsHost.StartAsync(new LocalFunctionsHostOptions { Port = 0, Settings = settings });
    }

    /// <summary>An HTTP client whose connections come from <paramref name="localAddress"/> (any 127.0.0.x is loopback on Linux).</summary>
    private static HttpClient Client(LocalFunctionsHost host, string localAddress)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = host.ApiBaseAddress, Timeout = RequestTimeout };
    }

    /// <summary>A form post that passes the same-site check (the console's sign-in refuses cross-site posts).</summary>
    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields)
    {
        var content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        content.Headers.ContentType!.CharSet = Encoding.UTF8.WebName;
        return content;
    }
}
