using System.Net;
using System.Text.Json;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage;

namespace HappyBabyHive.IntegrationTests.Faults;

/// <summary>
/// The SMTP server down for longer than every retry: the emails reach the poison queue, and once the server is back
/// the outbox sweep sends each exactly once and clears the poison queue. Real Azurite and maildev of the test's own.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class EmailOutageTests : IAsyncLifetime
{
    private PrivateEmulators emulators = null!;

    public async Task InitializeAsync() => emulators = await PrivateEmulators.StartAsync();

    public async Task DisposeAsync() => await emulators.DisposeAsync();

    [Fact]
    public async Task Emails_poisoned_during_an_smtp_outage_are_each_sent_once_by_the_sweep_when_it_is_back()
    {
        using var logs = new LogCapture();

        // The host's own SweepOutbox timer fires at every minute's second 0. If that falls inside the outage below, it
        // re-enqueues the owed emails and schedules their next sweep a backoff later (5 minutes by default), so the
        // sweeps run once the server is back would rightly skip them and this test would wait in vain (a CI run did).
        // A backoff shorter than the wait after the restart keeps the test about the sweep, not about the clock.
        await using var host = await FaultHost.StartAsync(emulators, logs, settings => settings["Outbox__SweepBackoff"] = "00:00:00.200");
        var course = await host.AddCourseAsync(capacity: 20, freePlaces: 0);
        var poison = host.Queue(host.Storage().EmailQueue + QueueNames.PoisonSuffix);
        using var http = host.CreateClient();

        await emulators.StopMaildevAsync();
        var booked = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (response, request) = await FaultHost.BookAsync(http, course);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            booked.Add(request.Email!);
        }

        // Five deliveries each, then the poison queue.
        await FaultHost.WaitForCountAsync(poison, booked.Count);
        await FaultHost.WaitUntilEmptyAsync(host.Queue(host.Storage().EmailQueue));

        await emulators.StartMaildevAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // past Outbox:FirstSweepAfter

        // The timer firing twice at once, then late again, must not send anything twice.
        await Task.WhenAll(host.TriggerAsync("SweepOutbox"), host.TriggerAsync("SweepOutbox"));
        foreach (var email in booked)
        {
            Assert.Single(await emulators.Maildev.WaitForAsync(email));
        }

        await host.TriggerAsync("SweepOutbox");
        await FaultHost.WaitUntilEmptyAsync(host.Queue(host.Storage().EmailQueue));
        await Task.Delay(500);
        foreach (var email in booked)
        {
            Assert.Single(await emulators.Maildev.ToAsync(email));
        }

        // Their emails have been sent since, so the sweep cleared them from the poison queue.
        Assert.Equal(0, (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.DoesNotContain(logs.Lines, line => booked.Any(email => line.Contains(email, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task Bad_queue_messages_go_to_poison_with_an_id_only_log_line_and_do_not_hold_up_good_ones()
    {
        using var logs = new LogCapture();
        await using var host = await FaultHost.StartAsync(emulators, logs);
        var course = await host.AddCourseAsync();
        var storage = host.Storage();
        var queue = host.Queue(storage.EmailQueue);
        var poison = host.Queue(storage.EmailQueue + QueueNames.PoisonSuffix);
        using var http = host.CreateClient();

        const string Secret = "private-parent@example.co.uk";
        string[] bad =
        [
            $"garbage that is not JSON {Secret}",
            $$"""{"to":"{{Secret}}","subject":"wrong schema"}""",
            $$"""{"table":"Bookings","partitionKey":null,"rowKey":"{{Secret}}"}""",
            $$"""{"table":"NoSuchTable","partitionKey":"x","rowKey":"{{Secret}}"}""",
        ];
        foreach (var body in bad)
        {
            await queue.SendMessageAsync(body);
        }

        // A pointer to an email that does not exist (a booking never made, a course deleted with its partition, keys
        // no row can have) is well-formed: it is logged by its pointer and completed, since retrying cannot help.
        var unknown = new OutboxMessage(TableNames.Bookings, "no-such-course", RowKeys.Outbox("HBH-NOPE", EmailTemplates.BookingConfirmed));
        await queue.SendMessageAsync(JsonSerializer.Serialize(unknown, OutboxMessage.Json));
        await queue.SendMessageAsync("""{"table":"Bookings","partitionKey":"bad\u0000key","rowKey":"outbox|x"}""");

        var (response, good) = await FaultHost.BookAsync(http, course);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        Assert.Single(await emulators.Maildev.WaitForAsync(good.Email!));
        await FaultHost.WaitForCountAsync(poison, bad.Length);
        await FaultHost.WaitUntilEmptyAsync(queue);

        var poisoned = (await poison.ReceiveMessagesAsync(32)).Value.Select(m => m.Body.ToString()).ToList();
        Assert.Equal(bad.Order(), poisoned.Order());
        var poisonLines = logs.Lines.Where(l => l.Contains("moved to", StringComparison.Ordinal)).ToList();
        Assert.Equal(bad.Length, poisonLines.Count);
        Assert.DoesNotContain(logs.Lines, line => line.Contains(Secret, StringComparison.OrdinalIgnoreCase) || line.Contains(good.Email!, StringComparison.OrdinalIgnoreCase));

        // Unreadable poison stays for a person to look at; the sweep only clears what has since been sent.
        await host.TriggerAsync("SweepOutbox");
        Assert.Equal(bad.Length, (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }
}
