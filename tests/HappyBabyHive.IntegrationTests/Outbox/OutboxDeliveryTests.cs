using System.Text.Json;
using Azure.Storage.Queues.Models;
using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.Email;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage;
using MailKit.Net.Smtp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace HappyBabyHive.IntegrationTests.Outbox;

public sealed class OutboxDeliveryTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task An_email_whose_queue_message_was_lost_is_still_sent_once()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await AppServices.CreateAsync(emulators, services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
            SwitchableEnqueuer.ReplaceIn(services);
        });
        var course = SampleCourses.Upcoming();
        await app.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None);
        var request = TestBookings.For(course);

        app.Get<SwitchableEnqueuer>().Broken = true;
        var booked = Assert.IsType<BookingOutcome.Created>(await app.Get<IBookingService>().BookAsync(request, null, CancellationToken.None));
        app.Get<SwitchableEnqueuer>().Broken = false;
        Assert.Null((await app.EmailQueue.ReceiveMessageAsync()).Value);

        var sweeper = app.Get<IOutboxSweeper>();
        Assert.Equal(0, await sweeper.SweepAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(1, await sweeper.SweepAsync(CancellationToken.None));
        Assert.Equal(0, await sweeper.SweepAsync(CancellationToken.None));

        var message = await ReceiveAsync(app);
        Assert.Equal(OutboxResult.Sent, await app.Get<IOutboxProcessor>().ProcessAsync(message, 1, CancellationToken.None));
        Assert.Equal(OutboxResult.AlreadySent, await app.Get<IOutboxProcessor>().ProcessAsync(message, 2, CancellationToken.None));

        var email = Assert.Single(await emulators.Maildev.WaitForAsync(request.Email!));
        Assert.Contains(booked.Receipt.Reference, email.Text, StringComparison.Ordinal);
        await Task.Delay(300);
        Assert.Single(await emulators.Maildev.ToAsync(request.Email!));
    }

    [Fact]
    public async Task Duplicate_deliveries_of_one_message_send_one_email()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = SampleCourses.Upcoming();
        await app.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None);
        var request = TestBookings.For(course);
        await app.Get<IBookingService>().BookAsync(request, null, CancellationToken.None);
        var message = await ReceiveAsync(app);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(async () =>
        {
            try
            {
                return (object)await app.Get<IOutboxProcessor>().ProcessAsync(message, 1, CancellationToken.None);
            }
            catch (OutboxBusyException busy)
            {
                return busy;
            }
        })));

        Assert.Single(attempts, a => a is OutboxResult.Sent);
        Assert.All(attempts, a => Assert.True(a is OutboxResult.Sent or OutboxResult.AlreadySent or OutboxBusyException));
        Assert.Single(await emulators.Maildev.WaitForAsync(request.Email!));
        await Task.Delay(300);
        Assert.Single(await emulators.Maildev.ToAsync(request.Email!));
    }

    [Fact]
    public async Task A_failed_send_leaves_the_email_owed_and_says_nothing_personal()
    {
        var sender = new Mock<IEmailSender>();
        sender.Setup(s => s.SendAsync(It.IsAny<EmailMessage>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxUnavailable, "550 no such user parent@example.co.uk"));
        await using var app = await AppServices.CreateAsync(emulators, s => s.Replace(ServiceDescriptor.Singleton(sender.Object)));
        var course = SampleCourses.Upcoming();
        await app.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None);
        await app.Get<IBookingService>().BookAsync(TestBookings.For(course, "parent@example.co.uk"), null, CancellationToken.None);
        var message = await ReceiveAsync(app);

        var failure = await Assert.ThrowsAsync<EmailSendFailedException>(() => app.Get<IOutboxProcessor>().ProcessAsync(message, 5, CancellationToken.None));

        Assert.DoesNotContain("@", failure.Message, StringComparison.Ordinal);
        Assert.Null(failure.InnerException);
        var outbox = (await app.BookingsTable.GetEntityAsync<OutboxEntity>(message.PartitionKey, message.RowKey)).Value;
        Assert.Equal((OutboxStatus.Pending, 1), (outbox.OutboxStatus, outbox.FailedAttempts));
    }

    [Fact]
    public async Task A_throttled_send_goes_back_on_the_queue_with_the_providers_delay()
    {
        var sender = new Mock<IEmailSender>();
        sender.Setup(s => s.SendAsync(It.IsAny<EmailMessage>(), It.IsAny<CancellationToken>())).ThrowsAsync(new EmailThrottledException(TimeSpan.FromMinutes(1)));
        await using var app = await AppServices.CreateAsync(emulators, s => s.Replace(ServiceDescriptor.Singleton(sender.Object)));
        var course = SampleCourses.Upcoming();
        await app.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None);
        await app.Get<IBookingService>().BookAsync(TestBookings.For(course), null, CancellationToken.None);
        var message = await ReceiveAsync(app, delete: true);

        Assert.Equal(OutboxResult.Deferred, await app.Get<IOutboxProcessor>().ProcessAsync(message, 1, CancellationToken.None));

        Assert.Null((await app.EmailQueue.ReceiveMessageAsync()).Value); // hidden for the provider's delay
        Assert.Equal(1, (await app.EmailQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        var outbox = (await app.BookingsTable.GetEntityAsync<OutboxEntity>(message.PartitionKey, message.RowKey)).Value;
        Assert.Equal(OutboxStatus.Pending, outbox.OutboxStatus);
    }

    [Fact]
    public async Task A_delivery_after_one_that_died_mid_send_or_failed_tells_the_sender_to_look_before_sending()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var seen = new List<bool>();
        var sender = new Mock<IEmailSender>();
        sender.Setup(s => s.SendAsync(It.IsAny<EmailMessage>(), It.IsAny<CancellationToken>()))
            .Callback<EmailMessage, CancellationToken>((m, _) => seen.Add(m.MayAlreadyBeSent))
            .Returns(Task.CompletedTask);
        await using var app = await AppServices.CreateAsync(emulators, s =>
        {
            s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
            s.Replace(ServiceDescriptor.Singleton(sender.Object));
        });
        var course = SampleCourses.Upcoming();
        await app.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None);
        await app.Get<IBookingService>().BookAsync(TestBookings.For(course), null, CancellationToken.None);
        var message = await ReceiveAsync(app);

        // A delivery that died after claiming (say, right after ACS's 202): the claim is left Sending until it runs out.
        var outbox = (await app.BookingsTable.GetEntityAsync<OutboxEntity>(message.PartitionKey, message.RowKey)).Value;
        outbox.Status = nameof(OutboxStatus.Sending);
        outbox.ClaimedUntilUtc = clock.GetUtcNow().AddMinutes(1);
        await app.BookingsTable.UpdateEntityAsync(outbox, outbox.ETag);
        clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(OutboxResult.Sent, await app.Get<IOutboxProcessor>().ProcessAsync(message, 2, CancellationToken.None));
        Assert.Equal([true], seen);
    }

    [Fact]
    public async Task A_first_delivery_sends_without_a_lookup_and_a_retry_after_a_failure_looks_first()
    {
        var seen = new List<bool>();
        var calls = 0;
        var sender = new Mock<IEmailSender>();
        sender.Setup(s => s.SendAsync(It.IsAny<EmailMessage>(), It.IsAny<CancellationToken>()))
            .Returns<EmailMessage, CancellationToken>((m, _) =>
            {
                seen.Add(m.MayAlreadyBeSent);
                return ++calls == 1 ? Task.FromException(new TimeoutException("timed out after sending")) : Task.CompletedTask;
            });
        await using var app = await AppServices.CreateAsync(emulators, s => s.Replace(ServiceDescriptor.Singleton(sender.Object)));
        var course = SampleCourses.Upcoming();
        await app.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None);
        await app.Get<IBookingService>().BookAsync(TestBookings.For(course), null, CancellationToken.None);
        var message = await ReceiveAsync(app);

        await Assert.ThrowsAsync<EmailSendFailedException>(() => app.Get<IOutboxProcessor>().ProcessAsync(message, 1, CancellationToken.None));
        Assert.Equal(OutboxResult.Sent, await app.Get<IOutboxProcessor>().ProcessAsync(message, 2, CancellationToken.None));

        Assert.Equal([false, true], seen);
    }

    [Fact]
    public async Task An_email_given_up_on_is_marked_stuck_and_logged_with_the_alert_event_and_no_personal_data()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var log = new SweeperLog();
        await using var app = await AppServices.CreateAsync(emulators, s =>
        {
            s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
            s.AddSingleton<Microsoft.Extensions.Logging.ILogger<OutboxSweeper>>(log);
        });
        var course = SampleCourses.Upcoming();
        await app.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None);
        await app.Get<IBookingService>().BookAsync(TestBookings.For(course, "stuck.parent@example.co.uk"), null, CancellationToken.None);
        var message = await ReceiveAsync(app, delete: true);
        var outbox = (await app.BookingsTable.GetEntityAsync<OutboxEntity>(message.PartitionKey, message.RowKey)).Value;
        outbox.SweepCount = new OutboxOptions().MaxSweeps;
        await app.BookingsTable.UpdateEntityAsync(outbox, outbox.ETag);

        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await app.Get<IOutboxSweeper>().SweepAsync(CancellationToken.None));

        Assert.Equal(OutboxStatus.Stuck, (await app.BookingsTable.GetEntityAsync<OutboxEntity>(message.PartitionKey, message.RowKey)).Value.OutboxStatus);
        var entry = Assert.Single(log.Entries, e => e.EventId.Id == HappyBabyHive.Telemetry.AlertEvents.EmailNeedsAPersonId);
        Assert.Equal((Microsoft.Extensions.Logging.LogLevel.Error, HappyBabyHive.Telemetry.AlertEvents.EmailNeedsAPerson), (entry.Level, entry.EventId.Name));
        Assert.Contains("needs a person", entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("@", entry.Message, StringComparison.Ordinal);
    }

    private sealed class SweeperLog : Microsoft.Extensions.Logging.ILogger<OutboxSweeper>
    {
        public List<(Microsoft.Extensions.Logging.LogLevel Level, Microsoft.Extensions.Logging.EventId EventId, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries)
            {
                Entries.Add((logLevel, eventId, formatter(state, exception)));
            }
        }
    }

    private static async Task<OutboxMessage> ReceiveAsync(AppServices app, bool delete = false)
    {
        QueueMessage? received = null;
        for (var i = 0; i < 50 && received is null; i++)
        {
            received = (await app.EmailQueue.ReceiveMessageAsync(TimeSpan.FromSeconds(1))).Value;
        }

        Assert.NotNull(received);
        if (delete)
        {
            await app.EmailQueue.DeleteMessageAsync(received.MessageId, received.PopReceipt);
        }

        return JsonSerializer.Deserialize<OutboxMessage>(received.Body, OutboxMessage.Json)!;
    }
}
