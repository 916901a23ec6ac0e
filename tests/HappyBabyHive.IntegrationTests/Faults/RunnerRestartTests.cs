using System.Net;
using Azure;
using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HappyBabyHive.IntegrationTests.Faults;

/// <summary>
/// The runner dies mid-request and a new one starts on the same storage: the owed email is delivered exactly once.
/// Two places it can die: between the booking's transaction and its enqueue (no queue message at all), and while
/// holding the queue message under its 10-minute lease (the message is invisible to everyone until the lease ends).
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class RunnerRestartTests : IAsyncLifetime
{
    private PrivateEmulators emulators = null!;

    public async Task InitializeAsync() => emulators = await PrivateEmulators.StartAsync();

    public async Task DisposeAsync() => await emulators.DisposeAsync();

    [Fact]
    public async Task A_runner_dying_between_the_transaction_and_the_enqueue_leaves_the_email_to_the_next_runners_sweep()
    {
        using var logs = new LogCapture();
        Course course;
        BookingRequest request;

        // The first runner stores the booking, then its enqueue never happens (the process is going down).
        await using (var dying = await FaultHost.StartAsync(emulators, logs, configure: s => s.Replace(ServiceDescriptor.Singleton<IEmailEnqueuer>(new DeadEnqueuer()))))
        {
            course = await dying.AddCourseAsync();
            using var http = dying.CreateClient();
            (var response, request) = await FaultHost.BookAsync(http, course);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        await using var restarted = await FaultHost.StartAsync(emulators, logs);
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // past Outbox:FirstSweepAfter
        await Task.WhenAll(restarted.TriggerAsync("SweepOutbox"), restarted.TriggerAsync("SweepOutbox"));

        Assert.Single(await emulators.Maildev.WaitForAsync(request.Email!));
        await FaultHost.WaitUntilEmptyAsync(restarted.Queue(restarted.Storage().EmailQueue));
        await Task.Delay(500);
        Assert.Single(await emulators.Maildev.ToAsync(request.Email!));
    }

    [Fact]
    public async Task A_message_leased_by_a_runner_that_died_is_sent_by_the_sweep_and_its_late_return_sends_nothing()
    {
        using var logs = new LogCapture();
        await using var host = await FaultHost.StartAsync(emulators, logs, settings: s => s["AzureWebJobs.SendEmail.Disabled"] = "true");
        var course = await host.AddCourseAsync();
        using var http = host.CreateClient();
        var (response, request) = await FaultHost.BookAsync(http, course);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        // The dead runner's lease: the message is invisible for 10 minutes.
        var queue = host.Queue(host.Storage().EmailQueue);
        var leased = (await queue.ReceiveMessageAsync(TimeSpan.FromMinutes(10))).Value;
        Assert.NotNull(leased);

        await using (var restarted = await FaultHost.StartAsync(emulators, logs))
        {
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            await restarted.TriggerAsync("SweepOutbox");
            Assert.Single(await emulators.Maildev.WaitForAsync(request.Email!));

            // Ten minutes on, the lease ends and the old message comes back: the outbox row says Sent, so nothing more.
            await queue.UpdateMessageAsync(leased.MessageId, leased.PopReceipt, (BinaryData?)null, TimeSpan.Zero);
            await FaultHost.WaitUntilEmptyAsync(queue);
        }

        await Task.Delay(500);
        Assert.Single(await emulators.Maildev.ToAsync(request.Email!));
    }

    /// <summary>The enqueue of a process being killed: the connection is gone before the message is written.</summary>
    private sealed class DeadEnqueuer : IEmailEnqueuer
    {
        public Task EnqueueAsync(OutboxMessage message, TimeSpan? visibilityDelay, CancellationToken cancellationToken) =>
            throw new RequestFailedException(0, "The process was killed before the message was sent (simulated).");
    }
}
