using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using CsvHelper;
using HappyBabyHive.IntegrationTests.Courses;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.LocalRunner.Hosting;
using HappyBabyHive.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.IntegrationTests.EndToEnd;

/// <summary>The owner's admin API over real HTTP through the local runner: function keys, JSON, CSV and emails.</summary>
[Collection(UsesEmulators.Name)]
public sealed class ManageApiEndToEndTests(EmulatorFixture emulators) : IAsyncLifetime
{
    private LocalFunctionsHost host = null!;

    public async Task InitializeAsync() => host = await EndToEndHost.StartAsync(emulators, "2CJWPSxindGS71xBU8DeQuHV1jgV60krnc2Jd7HNBwH5fZ5JxePKwzmtbnSQtKFf");

    public async Task DisposeAsync()
    {
        // This host has no table prefix, so other end-to-end tests share its tables: put the configured defaults back.
        var settings = host.Services.GetRequiredService<TableServiceClient>().GetTableClient(host.Services.GetRequiredService<IOptions<StorageOptions>>().Value.SettingsTable);
        await settings.DeleteEntityAsync(HappyBabyHive.Storage.Settings.SettingsEntity.Partition, HappyBabyHive.Storage.Settings.SettingsEntity.Row);
        await host.DisposeAsync();
    }

    private HttpClient Client(bool withKey = true)
    {
        var http = host.CreateClient();
        if (withKey)
        {
            http.DefaultRequestHeaders.Add(FunctionKeys.HeaderName, host.Keys.FunctionKey);
        }

        return http;
    }

    [Fact]
    public async Task The_owner_creates_a_course_reads_its_register_as_csv_and_cancels_it_over_http()
    {
        using var anonymous = Client(withKey: false);
        using var http = Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("manage/courses")).StatusCode);

        var details = TestCourses.Details(venue: "Manage Api Hall, Hessle");
        using var created = await http.PostAsJsonAsync("manage/courses", details);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var courseId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.StartsWith("massage-hessle-tue-", courseId, StringComparison.Ordinal);
        Assert.EndsWith("/api/manage/courses/" + courseId, created.Headers.Location!.ToString(), StringComparison.Ordinal);

        using var refused = await http.PutAsJsonAsync($"manage/courses/{courseId}", details with { Capacity = "40" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.Equal("A course takes between 1 and 30 babies.", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("capacity")[0].GetString());

        var family = TestCourses.Unique("e2e");
        var course = (await host.Services.GetRequiredService<HappyBabyHive.Courses.ICourseStore>().FindAsync(courseId, CancellationToken.None))!;
        using var booked = await http.PostAsJsonAsync("bookings", TestBookings.For(course, family) with { ParentName = "@Sam, \"the\" parent" });
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        Assert.Single(await emulators.Maildev.WaitForAsync(family));

        using var csv = await http.GetAsync($"manage/courses/{courseId}/register?format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"register-{courseId}.csv", csv.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
        Assert.True(csv.Headers.CacheControl!.NoStore);
        using var reader = CsvReader.FromText(Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF'), CsvReaderOptions.Default with { Separator = ',' });
        Assert.True(reader.Read());
        Assert.Equal(("'@Sam, \"the\" parent", "Ada", "Paid"), (reader.GetString("Parent"), reader.GetString("Baby"), reader.GetString("Place")));
        Assert.False(reader.Read());

        using var cancelled = await http.PostAsJsonAsync($"manage/courses/{courseId}/cancel", new { message = "The hall has flooded, I'm so sorry." });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(1, (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("familiesEmailed").GetInt32());
        var inbox = await emulators.Maildev.WaitForAsync(family, 2);
        Assert.Contains("The hall has flooded, I'm so sorry.", Assert.Single(inbox, e => e.Subject.Contains("has been cancelled", StringComparison.Ordinal)).Text, StringComparison.Ordinal);

        var listed = await http.GetFromJsonAsync<JsonElement>("manage/courses");
        Assert.Equal("cancelled", listed.EnumerateArray().Single(c => c.GetProperty("id").GetString() == courseId).GetProperty("status").GetString());
        var recent = await http.GetFromJsonAsync<JsonElement>("manage/bookings/recent?days=1");
        Assert.DoesNotContain(recent.EnumerateArray(), b => b.GetProperty("courseId").GetString() == courseId);
    }

    [Fact]
    public async Task Settings_are_read_and_saved_over_http_with_field_errors()
    {
        using var http = Client();

        using var bad = await http.PutAsJsonAsync("manage/settings", new { declineSignposting = "", donationPercent = "12.25" });
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        using var good = await http.PutAsJsonAsync("manage/settings", new { declineSignposting = "Talk to your health visitor.", donationPercent = "15" });
        var shown = await http.GetFromJsonAsync<JsonElement>("manage/settings");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Equal("Please use at most one decimal place, e.g. 12.5.", problem.GetProperty("errors").GetProperty("donationPercent")[0].GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("declineSignposting", out _));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(("Talk to your health visitor.", 15m, false), (shown.GetProperty("declineSignposting").GetString(), shown.GetProperty("donationPercent").GetDecimal(), shown.GetProperty("isDefault").GetBoolean()));
    }
}
