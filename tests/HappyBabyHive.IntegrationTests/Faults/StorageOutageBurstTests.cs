using System.Diagnostics;
using System.Net;
using Azure.Data.Tables;
using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.LocalRunner.Hosting;
using HappyBabyHive.Storage.Courses;
using HappyBabyHive.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace HappyBabyHive.IntegrationTests.Faults;

/// <summary>
/// Azurite stops in the middle of a burst of bookings and comes back: every request was answered 2xx or 503 with
/// Retry-After (no hang, no 500), nothing is half-written, and afterwards every 2xx booking has exactly one email and
/// the course counters match the bookings. Azurite keeps its data on disk, so the restart loses nothing.
/// A 503 is honest but can be ambiguous: a transaction that storage committed just as it went away (its answer lost,
/// Azure.Core's retry then refused) is a whole booking with its email owed. That family gets their one email, and
/// sending the request again with the same Idempotency-Key returns that booking rather than making a second.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class StorageOutageBurstTests : IAsyncLifetime
{
    private PrivateEmulators emulators = null!;

    public async Task InitializeAsync() => emulators = await PrivateEmulators.StartAsync();

    public async Task DisposeAsync() => await emulators.DisposeAsync();

    [Fact]
    public async Task Azurite_stopping_mid_burst_gives_only_2xx_or_503_and_every_booking_made_gets_one_email_after_it_returns()
    {
        using var logs = new LogCapture();
        await using var host = await FaultHost.StartAsync(emulators, logs, settings =>
        {
            // Long enough for a delivery that sent an email just as storage went away to wait out the outage and record
            // it (then the email is not sent twice); short enough that a claim stranded by the outage runs out in the test.
            settings["Outbox__ClaimDuration"] = "00:01:00";
            settings["Outbox__SweepBackoff"] = "00:00:00.500";
        });
        var courses = new List<Course>();
        for (var i = 0; i < 4; i++)
        {
            courses.Add(await host.AddCourseAsync(capacity: 12, freePlaces: 2));
        }

        using var http = host.CreateClient();
        http.Timeout = TimeSpan.FromSeconds(30);
        var answers = new List<(HttpStatusCode Status, TimeSpan? RetryAfter, TimeSpan Took, BookingRequest Request, string Key, string? Reference)>();
        var stopped = false;
        var stopping = Task.CompletedTask;

        // 4 workers, 15 bookings each (so some courses fill and waitlist); Azurite is stopped once 16 have been answered.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var n = 0; n < 15; n++)
            {
                var course = courses[(worker + n) % courses.Count];
                var request = TestBookings.For(course);
                var key = Guid.NewGuid().ToString();
                var started = Stopwatch.GetTimestamp();
                using (var response = await PostAsync(http, request, key))
                {
                    var took = Stopwatch.GetElapsedTime(started);
                    var reference = response.IsSuccessStatusCode ? await FaultHost.ReferenceAsync(response) : null;
                    lock (answers)
                    {
                        answers.Add((response.StatusCode, response.Headers.RetryAfter?.Delta, took, request, key, reference));
                        if (!stopped && answers.Count >= 16)
                        {
                            stopped = true;
                            stopping = emulators.StopAzuriteAsync();
                        }
                    }
                }
            }
        })));
        await stopping;

        Assert.All(answers, a => Assert.True(
            a.Status is HttpStatusCode.Created || (a.Status is HttpStatusCode.ServiceUnavailable && a.RetryAfter is not null),
            $"answered {(int)a.Status} (Retry-After {a.RetryAfter}) after {a.Took.TotalSeconds:0.0} s"));
        Assert.All(answers, a => Assert.True(a.Took < TimeSpan.FromSeconds(15), $"took {a.Took.TotalSeconds:0.0} s"));
        Assert.Contains(answers, a => a.Status is HttpStatusCode.Created);
        Assert.Contains(answers, a => a.Status is HttpStatusCode.ServiceUnavailable);

        await emulators.StartAzuriteAsync();

        // Recovers without a restart of the app: each family told 503 tries again with the same Idempotency-Key and
        // gets a booking; one the outage had in fact committed comes back as that same booking (200), not a second.
        var made = answers.Where(a => a.Status == HttpStatusCode.Created).Select(a => (a.Request, a.Reference)).ToList();
        foreach (var refused in answers.Where(a => a.Status == HttpStatusCode.ServiceUnavailable))
        {
            using var again = await PostAsync(http, refused.Request, refused.Key);
            Assert.True(again.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"retry answered {(int)again.StatusCode}");
            made.Add((refused.Request, await FaultHost.ReferenceAsync(again)));
        }

        // Anything whose queue message was lost in the outage is the sweep's to send, and an email whose claim was
        // written just before storage went away (so it could be neither sent nor released) waits for that claim to run
        // out first. In Azure the sweep runs every minute and a claim lasts two; here a claim lasts one, and the test
        // runs the sweep as the timer would until every family has their email.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(150);
        var missing = made;
        while (missing.Count > 0 && DateTime.UtcNow < deadline)
        {
            await host.TriggerAsync("SweepOutbox");
            await Task.Delay(TimeSpan.FromSeconds(1));
            var stillMissing = new List<(BookingRequest Request, string? Reference)>();
            foreach (var booking in missing)
            {
                if ((await emulators.Maildev.ToAsync(booking.Request.Email!)).Count == 0)
                {
                    stillMissing.Add(booking);
                }
            }

            missing = stillMissing;
        }

        Assert.True(missing.Count == 0, $"{missing.Count} of {made.Count} bookings have no email; owed outbox rows: {await OwedOutboxRowsAsync(host)}");
        foreach (var (request, reference) in made)
        {
            var email = Assert.Single(await emulators.Maildev.ToAsync(request.Email!));
            Assert.Contains(reference!, email.Text, StringComparison.Ordinal);
        }

        // No booking exists that was not answered 2xx, and the counters match the bookings.
        var table = host.Services.GetRequiredService<TableServiceClient>().GetTableClient(host.Storage().BookingsTable);
        var stored = 0;
        foreach (var course in courses)
        {
            var bookings = await table.QueryAsync<BookingEntity>(
                    TableClient.CreateQueryFilter($"PartitionKey eq {course.Id} and RowKey ge {RowKeys.BookingPrefix} and RowKey lt {RowKeys.PrefixEnd(RowKeys.BookingPrefix)}"))
                .ToListAsync();
            var counters = (await table.GetEntityAsync<CourseEntity>(course.Id, RowKeys.Course)).Value;
            Assert.Equal(bookings.Count(b => b.BookingStatus == BookingStatus.Confirmed), counters.GeneralPlacesTaken + counters.FreePlacesTaken);
            Assert.Equal(bookings.Count(b => b.BookingStatus == BookingStatus.Waitlisted), counters.WaitlistCount);
            stored += bookings.Count;
        }

        Assert.Equal(made.Count, stored);
        await Task.Delay(500);
        foreach (var (request, _) in made)
        {
            Assert.Single(await emulators.Maildev.ToAsync(request.Email!));
        }
    }

    /// <summary>Says, for a failure message, which emails are still owed and why the sweep has not sent them yet.</summary>
    private static async Task<string> OwedOutboxRowsAsync(LocalFunctionsHost host)
    {
        var table = host.Services.GetRequiredService<TableServiceClient>().GetTableClient(host.Storage().BookingsTable);
        var owed = await table.QueryAsync<OutboxEntity>(
                TableClient.CreateQueryFilter($"RowKey ge {RowKeys.OutboxPrefix} and RowKey lt {RowKeys.PrefixEnd(RowKeys.OutboxPrefix)} and Status ne 'Sent'"))
            .ToListAsync();
        return string.Join("; ", owed.Select(o => $"{o.RowKey} {o.Status} claimed until {o.ClaimedUntilUtc:O}, swept {o.SweepCount}, next {o.NextSweepUtc:O}"));
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, BookingRequest request, string idempotencyKey) =>
        http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "bookings")
        {
            Content = System.Net.Http.Json.JsonContent.Create(request),
            Headers = { { "Idempotency-Key", idempotencyKey } },
        });
}
