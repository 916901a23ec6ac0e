using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using HappyBabyHive.Courses;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.LocalRunner.Hosting;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage;
using Ical.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.IntegrationTests.EndToEnd;

/// <summary>
/// The whole app over real HTTP: the local runner serves the same functions the Functions host would (from
/// functions.metadata), with its queue listener and timers, on real Azurite and a real SMTP server.
/// </summary>
[Collection(UsesEmulators.Name)]
public sealed class BookingEndToEndTests(EmulatorFixture emulators) : IAsyncLifetime
{
    private LocalFunctionsHost host = null!;

    public async Task InitializeAsync() => host = await EndToEndHost.StartAsync(emulators, "MfyrHn8Mb0y3bgxad7PfIB/Hcz7nCfbbbAp87Kv7ZZ6Ny7y9yYOzyIALwqDCaepA");

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_parent_books_over_http_and_gets_one_confirmation_with_a_calendar()
    {
        var course = SampleCourses.Upcoming();
        await host.Services.GetRequiredService<ICourseStore>().TryAddAsync(course, CancellationToken.None);
        var booking = TestBookings.For(course);
        using var http = host.CreateClient();

        var listed = await http.GetFromJsonAsync<JsonElement>("courses");
        Assert.Contains(listed.EnumerateArray(), c => c.GetProperty("id").GetString() == course.Id && c.GetProperty("spacesLeft").GetInt32() == 8);

        using var response = await http.PostAsJsonAsync("bookings", booking);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var reference = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reference").GetString()!;

        var email = Assert.Single(await emulators.Maildev.WaitForAsync(booking.Email!));
        Assert.StartsWith("You're booked: Baby Massage for Little Ones", email.Subject, StringComparison.Ordinal);
        Assert.Contains(reference, email.Text, StringComparison.Ordinal);
        Assert.Contains(reference, await emulators.Maildev.HtmlAsync(email.Id), StringComparison.Ordinal);
        var ics = Assert.Single(email.Attachments!, a => a.ContentType.StartsWith("text/calendar", StringComparison.Ordinal));
        var calendar = Calendar.Load(Encoding.UTF8.GetString(await emulators.Maildev.AttachmentAsync(email.Id, ics.GeneratedFileName)))!;
        Assert.Equal(5, calendar.Events.Count);
        Assert.All(calendar.Events, e => Assert.Equal((10, "Europe/London"), (e.DtStart!.Hour, e.DtStart.TzId)));

        // Redeliver the very same queue message, as the queue would after a lost acknowledgement: nothing more is sent.
        var storage = host.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var queue = host.Services.GetRequiredService<QueueServiceClient>().GetQueueClient(storage.EmailQueue);
        var again = new OutboxMessage(TableNames.Bookings, course.Id, RowKeys.Outbox(reference, EmailTemplates.BookingConfirmed));
        await queue.SendMessageAsync(JsonSerializer.Serialize(again, OutboxMessage.Json));
        await WaitUntilEmptyAsync(queue);
        await Task.Delay(500);
        Assert.Single(await emulators.Maildev.ToAsync(booking.Email!));
    }

    [Fact]
    public async Task Errors_over_http_are_problem_details()
    {
        using var http = host.CreateClient();

        using var malformed = await http.PostAsync("bookings", new StringContent("{\"courseId\":", Encoding.UTF8, "application/json"));
        using var wrongType = await http.PostAsync("bookings", new StringContent("courseId=x", Encoding.UTF8, "application/x-www-form-urlencoded"));
        using var unknown = await http.GetAsync("courses/no-such-course");

        Assert.Equal((HttpStatusCode.BadRequest, "application/problem+json"), (malformed.StatusCode, malformed.Content.Headers.ContentType?.MediaType));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, "application/problem+json"), (unknown.StatusCode, unknown.Content.Headers.ContentType?.MediaType));
    }

    private static async Task WaitUntilEmptyAsync(QueueClient queue)
    {
        for (var i = 0; i < 100; i++)
        {
            if ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0)
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail("The redelivered message was never processed.");
    }
}
