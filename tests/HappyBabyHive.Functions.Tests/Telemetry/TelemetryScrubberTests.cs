using HappyBabyHive.Telemetry;
using HappyBabyHive.Tests.Support;
using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Extensions.DependencyInjection;

namespace HappyBabyHive.Tests.Telemetry;

/// <summary>Issue 11: no personal data or tokens in telemetry; Application Insights only when it is configured.</summary>
public sealed class TelemetryScrubberTests
{
    private sealed class Collect : ITelemetryProcessor
    {
        public List<ITelemetry> Items { get; } = [];

        public void Process(ITelemetry item) => Items.Add(item);
    }

    private static ITelemetry Scrub(ITelemetry item)
    {
        var sink = new Collect();
        new TelemetryScrubber(sink).Process(item);
        return Assert.Single(sink.Items);
    }

    [Fact]
    public void A_request_with_a_token_in_its_query_loses_the_query()
    {
        var request = new RequestTelemetry { Url = new Uri("https://func-hbh.azurewebsites.net/api/console/sign-in/link?token=eyJwYXlsb2Fk.c2lnbmF0dXJl#top"), Name = "GET /api/console/sign-in/link?token=abc" };
        request.Context.Location.Ip = "81.2.69.160";
        request.Properties["url.full"] = "https://func-hbh.azurewebsites.net/api/free-place-review?token=abc";

        var scrubbed = Assert.IsType<RequestTelemetry>(Scrub(request));

        Assert.Equal("https://func-hbh.azurewebsites.net/api/console/sign-in/link", scrubbed.Url.AbsoluteUri);
        Assert.Equal("GET /api/console/sign-in/link", scrubbed.Name);
        Assert.Equal("https://func-hbh.azurewebsites.net/api/free-place-review", scrubbed.Properties["url.full"]);
        Assert.Equal("0.0.0.0", scrubbed.Context.Location.Ip);
    }

    [Fact]
    public void A_dependency_keeps_its_target_and_path_but_not_its_query()
    {
        var dependency = new DependencyTelemetry("Azure table", "sthbh.table.core.windows.net", "GET Bookings", "https://sthbh.table.core.windows.net/Bookings()?$filter=PartitionKey%20eq%20'parent%7Cabc'")
        {
            ResultCode = "200",
        };

        var scrubbed = Assert.IsType<DependencyTelemetry>(Scrub(dependency));

        Assert.Equal("https://sthbh.table.core.windows.net/Bookings()", scrubbed.Data);
        Assert.Equal("sthbh.table.core.windows.net", scrubbed.Target);
        Assert.Equal("200", scrubbed.ResultCode);
    }

    [Fact]
    public void Telemetry_without_a_query_passes_through_unchanged()
    {
        var trace = new TraceTelemetry("Email Bookings/c-1/outbox|b-1|confirmation needs a person", SeverityLevel.Error);
        trace.Properties["Outbox"] = "Bookings/c-1/outbox|b-1|confirmation";

        var scrubbed = Assert.IsType<TraceTelemetry>(Scrub(trace));

        Assert.Equal("Email Bookings/c-1/outbox|b-1|confirmation needs a person", scrubbed.Message);
        Assert.Equal("Bookings/c-1/outbox|b-1|confirmation", scrubbed.Properties["Outbox"]);
    }

    [Fact]
    public void Without_a_connection_string_nothing_of_application_insights_is_registered()
    {
        using var services = new ServiceCollection().AddLogging().AddHappyBabyHive(TestSettings.Configuration()).BuildServiceProvider();

        Assert.Null(services.GetService<TelemetryConfiguration>());
    }

    [Fact]
    public async Task With_a_connection_string_the_scrubber_is_in_the_pipeline()
    {
        var configuration = TestSettings.Configuration(s =>
        {
            s[TelemetryServiceCollectionExtensions.ConnectionStringSetting] = "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=http://127.0.0.1:9/";
            s[TelemetryServiceCollectionExtensions.AuthenticationStringSetting] = "ClientId=11111111-2222-3333-4444-555555555555;Authorization=AAD";
        });
        await using var services = new ServiceCollection().AddLogging().AddHappyBabyHive(configuration).BuildServiceProvider();

        var telemetry = services.GetRequiredService<TelemetryConfiguration>();

        Assert.Contains(telemetry.DefaultTelemetrySink.TelemetryProcessors, p => p is TelemetryScrubber);
    }

    [Theory]
    [InlineData("ClientId=11111111-2222-3333-4444-555555555555;Authorization=AAD", true)]
    [InlineData("Authorization=AAD", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Entra_auth_follows_the_authentication_string(string? authenticationString, bool entra) =>
        Assert.Equal(entra, TelemetryServiceCollectionExtensions.EntraCredential(authenticationString) is not null);
}
