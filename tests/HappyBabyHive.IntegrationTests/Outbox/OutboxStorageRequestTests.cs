using Azure.Storage.Queues.Models;
using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage;

namespace HappyBabyHive.IntegrationTests.Outbox;

/// <summary>
/// What one booking email costs in storage round trips, counted by <see cref="StorageRequestMetrics"/> (process-wide
/// totals, so this relies on its collection running one test at a time).
/// </summary>
[Collection(UsesEmulators.Name)]
public sealed class OutboxStorageRequestTests(EmulatorFixture emulators)
{
    [Fact]
    public async Task A_booking_confirmation_costs_four_table_requests_and_no_queue_send()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = SampleCourses.Upcoming();
        await app.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None);
        var processor = app.Get<IOutboxProcessor>();

        // The first email also reads the owner's settings (cached for 30 s after), so measure the second.
        await app.Get<IBookingService>().BookAsync(TestBookings.For(course), null, CancellationToken.None);
        Assert.Equal(OutboxResult.Sent, await processor.ProcessAsync(await ReceiveAsync(app), 1, CancellationToken.None));
        var second = TestBookings.For(course, "second.parent@example.co.uk", baby: "Bea");
        await app.Get<IBookingService>().BookAsync(second, null, CancellationToken.None);
        var message = await ReceiveAsync(app);

        var before = StorageRequestMetrics.Snapshot();
        Assert.Equal(OutboxResult.Sent, await processor.ProcessAsync(message, 1, CancellationToken.None));
        var after = StorageRequestMetrics.Snapshot();

        // Read the outbox row, claim it, read the booking and its course in one partition query, mark it sent.
        Assert.Equal(4, after.TableRequests - before.TableRequests);
        Assert.Equal(0, after.QueueSends - before.QueueSends);
        Assert.Single(await emulators.Maildev.WaitForAsync(second.Email!));
    }

    private static async Task<OutboxMessage> ReceiveAsync(AppServices app)
    {
        QueueMessage? received = null;
        for (var i = 0; i < 50 && received is null; i++)
        {
            received = (await app.EmailQueue.ReceiveMessageAsync(TimeSpan.FromMinutes(1))).Value;
        }

        Assert.NotNull(received);
        await app.EmailQueue.DeleteMessageAsync(received.MessageId, received.PopReceipt);
        return OutboxMessage.Read(received.Body);
    }
}
