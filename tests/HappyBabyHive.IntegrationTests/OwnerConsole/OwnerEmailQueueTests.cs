using Azure.Storage.Queues;
using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.Functions;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.OwnerConsole.SignIn;
using HappyBabyHive.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace HappyBabyHive.IntegrationTests.OwnerConsole;

/// <summary>Issue 11 point 6: the owner's sign-in emails have their own queue, so they never wait behind bookings or tips.</summary>
public sealed class OwnerEmailQueueTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task A_sign_in_link_goes_on_the_owner_queue_past_a_backlog_of_booking_emails_and_is_sent_from_there()
    {
        var owner = $"owner-{Guid.NewGuid():N}@happybabyhive.test";
        await using var app = await AppServices.CreateAsync(emulators, settings: s => s["Business:OwnerEmail"] = owner);
        var course = SampleCourses.Upcoming();
        await app.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            await app.Get<IBookingService>().BookAsync(TestBookings.For(course), null, CancellationToken.None);
        }

        await app.Get<IOwnerSignInService>().RequestLinkAsync(owner, CancellationToken.None);

        Assert.Equal(3, await CountAsync(app.EmailQueue));
        var ownerQueue = app.OwnerEmailQueue();
        var message = Assert.Single((await ownerQueue.ReceiveMessagesAsync(32)).Value);
        await new OutboxEmailQueue(app.Get<IOutboxProcessor>(), app.Get<PoisonWatch>()).SendOwnerEmail(message, CancellationToken.None);

        var email = Assert.Single(await emulators.Maildev.WaitForAsync(owner));
        Assert.Contains(OwnerSignInLinks.Route, email.Text, StringComparison.Ordinal);
        Assert.Equal(3, await CountAsync(app.EmailQueue)); // the bookings' emails are still waiting their turn
    }

    [Fact]
    public async Task The_outbox_sweep_puts_a_lost_sign_in_email_back_on_the_owner_queue()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var owner = $"owner-{Guid.NewGuid():N}@happybabyhive.test";
        await using var app = await AppServices.CreateAsync(
            emulators,
            s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)),
            s => s["Business:OwnerEmail"] = owner);
        await app.Get<IOwnerSignInService>().RequestLinkAsync(owner, CancellationToken.None);
        await app.OwnerEmailQueue().ClearMessagesAsync(); // the first message is lost

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await app.Get<IOutboxSweeper>().SweepAsync(CancellationToken.None));

        Assert.Equal(1, await CountAsync(app.OwnerEmailQueue()));
        Assert.Equal(0, await CountAsync(app.EmailQueue));
    }

    private static async Task<int> CountAsync(QueueClient queue) => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
}

internal static class OwnerQueueAppServices
{
    public static QueueClient OwnerEmailQueue(this AppServices app) => app.Get<QueueServiceClient>().GetQueueClient(app.Storage.OwnerEmailQueue);
}
