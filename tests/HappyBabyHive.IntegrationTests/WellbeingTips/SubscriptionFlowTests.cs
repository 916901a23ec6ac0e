using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Azure.Storage.Queues.Models;
using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.Functions;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage.Tips;
using HappyBabyHive.WellbeingTips;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using static HappyBabyHive.IntegrationTests.WellbeingTips.TipsTestSupport;

namespace HappyBabyHive.IntegrationTests.WellbeingTips;

/// <summary>Double opt-in, unsubscribe and subscribing again, end to end: Azurite for storage, maildev for email.</summary>
public sealed partial class SubscriptionFlowTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Double_opt_in_round_trip_stores_consent_with_time_and_wording_version()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await AppServices.CreateAsync(emulators, s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)), NoRateLimit);
        var http = app.Create<PublicSubscriptionsHttp>();
        var email = $"parent-{Guid.NewGuid():N}@example.co.uk";
        var key = SubscriberKeys.For(TestSettings.Hasher, email);

        Assert.IsType<AcceptedResult>(await http.CreateSubscription(Json($$"""{"email":"{{email}}","firstName":"Sam","consent":true}"""), CancellationToken.None));
        Assert.IsType<AcceptedResult>(await http.CreateSubscription(Json($$"""{"email":"{{email.ToUpperInvariant()}}","consent":true}"""), CancellationToken.None)); // a repeat
        await SendOwedEmailsAsync(app);

        var confirmEmail = Assert.Single(await emulators.Maildev.WaitForAsync(email));
        var confirmUrl = ConfirmLink().Match(confirmEmail.Text!).Value;
        Assert.Equal(SubscriberStatus.Pending, (await SubscriberAsync(app, key)).SubscriberStatus);

        // Opening the link (as a mail scanner would) changes nothing; the page's button POSTs.
        var page = Assert.IsType<ContentResult>(await http.ConfirmSubscription(Get(confirmUrl), CancellationToken.None));
        Assert.Contains("<form method=\"post\">", page.Content, StringComparison.Ordinal);
        Assert.Equal(SubscriberStatus.Pending, (await SubscriberAsync(app, key)).SubscriberStatus);

        clock.Advance(TimeSpan.FromMinutes(3));
        var confirmed = Assert.IsType<ContentResult>(await http.ConfirmSubscription(Post(confirmUrl.Split('?')[0], "token=" + Uri.EscapeDataString(TokenOf(confirmUrl))), CancellationToken.None));
        Assert.Equal(200, confirmed.StatusCode);

        var subscriber = await SubscriberAsync(app, key);
        Assert.Equal(SubscriberStatus.Confirmed, subscriber.SubscriberStatus);
        Assert.Equal(ConsentWording.Version, subscriber.ConsentVersion);
        Assert.Equal(ConsentSources.SubscribeForm, subscriber.ConsentSource);
        Assert.Equal(clock.GetUtcNow(), subscriber.ConfirmedUtc);
        Assert.Equal(clock.GetUtcNow() - TimeSpan.FromMinutes(3), subscriber.ConsentRequestedUtc);
        Assert.Equal(["requested", "confirmed"], await ConsentEventsAsync(app, key));

        // Pressing the button twice is fine, and asking again once subscribed sends nothing.
        Assert.Equal(200, Assert.IsType<ContentResult>(await http.ConfirmSubscription(Post(confirmUrl, "List-Unsubscribe=One-Click"), CancellationToken.None)).StatusCode);
        Assert.IsType<AcceptedResult>(await http.CreateSubscription(Json($$"""{"email":"{{email}}","consent":true}"""), CancellationToken.None));
        Assert.Null((await app.EmailQueue.ReceiveMessageAsync()).Value);
        Assert.Equal(["requested", "confirmed"], await ConsentEventsAsync(app, key));
        Assert.DoesNotContain(email, string.Join(' ', (await app.Subscribers().QueryAsync<TableEntity>().ToListAsync()).Select(e => e.PartitionKey + e.RowKey)), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Unsubscribing_is_immediate_and_idempotent_and_subscribing_again_needs_fresh_consent()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await AppServices.CreateAsync(emulators, s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)), NoRateLimit);
        var http = app.Create<PublicSubscriptionsHttp>();
        var links = app.Get<SubscriptionLinks>();
        var email = $"parent-{Guid.NewGuid():N}@example.co.uk";
        var key = SubscriberKeys.For(TestSettings.Hasher, email);
        await http.CreateSubscription(Json($$"""{"email":"{{email}}","consent":true}"""), CancellationToken.None);
        await SendOwedEmailsAsync(app);
        var firstLink = ConfirmLink().Match((await emulators.Maildev.WaitForAsync(email))[0].Text!).Value;
        clock.Advance(TimeSpan.FromMinutes(5));
        await http.ConfirmSubscription(Post(firstLink, string.Empty), CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(1));

        var unsubscribe = links.UnsubscribeUrl(key);
        Assert.Equal(200, Assert.IsType<ContentResult>(await http.Unsubscribe(Post(unsubscribe, "List-Unsubscribe=One-Click"), CancellationToken.None)).StatusCode);
        Assert.Equal(200, Assert.IsType<ContentResult>(await http.Unsubscribe(Post(unsubscribe, "List-Unsubscribe=One-Click"), CancellationToken.None)).StatusCode);
        Assert.Equal(SubscriberStatus.Unsubscribed, (await SubscriberAsync(app, key)).SubscriberStatus);
        Assert.Equal(["requested", "confirmed", "withdrawn"], await ConsentEventsAsync(app, key));

        // The old confirm link can't quietly re-subscribe anyone.
        Assert.Equal(409, Assert.IsType<ContentResult>(await http.ConfirmSubscription(Post(firstLink, string.Empty), CancellationToken.None)).StatusCode);

        clock.Advance(TimeSpan.FromDays(1));
        await http.CreateSubscription(Json($$"""{"email":"{{email}}","consent":true}"""), CancellationToken.None);
        await SendOwedEmailsAsync(app);
        var emails = await emulators.Maildev.WaitForAsync(email, count: 2);
        var secondLink = ConfirmLink().Matches(string.Join('\n', emails.Select(e => e.Text))).Select(m => m.Value).Single(l => l != firstLink);
        Assert.Equal(SubscriberStatus.Pending, (await SubscriberAsync(app, key)).SubscriberStatus);

        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(409, Assert.IsType<ContentResult>(await http.ConfirmSubscription(Post(firstLink, string.Empty), CancellationToken.None)).StatusCode);
        Assert.Equal(200, Assert.IsType<ContentResult>(await http.ConfirmSubscription(Post(secondLink, string.Empty), CancellationToken.None)).StatusCode);
        var subscriber = await SubscriberAsync(app, key);
        Assert.Equal((SubscriberStatus.Confirmed, clock.GetUtcNow()), (subscriber.SubscriberStatus, subscriber.ConfirmedUtc));
        Assert.Equal(["requested", "confirmed", "withdrawn", "requested", "confirmed"], await ConsentEventsAsync(app, key));
    }

    [Fact]
    public async Task Ticking_the_tips_box_when_booking_starts_the_same_double_opt_in()
    {
        await using var app = await AppServices.CreateAsync(emulators, settings: NoRateLimit);
        var course = SampleCourses.Upcoming();
        await app.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None);
        var request = TestBookings.For(course) with { WellbeingTipsOptIn = true, ParentName = "Sam <b>Smith</b>" };

        Assert.IsType<BookingOutcome.Created>(await app.Get<IBookingService>().BookAsync(request, null, CancellationToken.None));
        await SendOwedEmailsAsync(app);

        var emails = await emulators.Maildev.WaitForAsync(request.Email!, count: 2);
        var confirm = Assert.Single(emails, e => e.Subject.StartsWith("Please confirm your weekly wellbeing tips", StringComparison.Ordinal));
        HostileHtml.AssertOnlyText(confirm.Html!, "Hello Sam,");
        using (var html = HostileHtml.Parse(confirm.Html!))
        {
            Assert.Empty(html.QuerySelectorAll("b"));
        }

        var subscriber = await SubscriberAsync(app, SubscriberKeys.For(TestSettings.Hasher, request.Email!));
        Assert.Equal((SubscriberStatus.Pending, ConsentSources.BookingForm, ConsentWording.Version), (subscriber.SubscriberStatus, subscriber.ConsentSource, subscriber.ConsentVersion));

        var url = ConfirmLink().Match(confirm.Text!).Value;
        await app.Create<PublicSubscriptionsHttp>().ConfirmSubscription(Post(url, string.Empty), CancellationToken.None);
        Assert.Equal(SubscriberStatus.Confirmed, (await SubscriberAsync(app, subscriber.PartitionKey)).SubscriberStatus);
    }

    [Fact]
    public async Task A_confirm_email_whose_queue_message_was_lost_is_sent_by_the_outbox_sweep()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await AppServices.CreateAsync(emulators, services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
            SwitchableEnqueuer.ReplaceIn(services);
        }, NoRateLimit);
        var email = $"parent-{Guid.NewGuid():N}@example.co.uk";

        app.Get<SwitchableEnqueuer>().Broken = true;
        Assert.IsType<SubscribeOutcome.Accepted>(await app.Get<ISubscriptionService>().SubscribeAsync(new SubscriptionRequest { Email = email, Consent = true }, CancellationToken.None));
        app.Get<SwitchableEnqueuer>().Broken = false;
        Assert.Null((await app.EmailQueue.ReceiveMessageAsync()).Value);

        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(1, await app.Get<IOutboxSweeper>().SweepAsync(CancellationToken.None));
        await SendOwedEmailsAsync(app);

        Assert.Single(await emulators.Maildev.WaitForAsync(email));
    }

    private static async Task SendOwedEmailsAsync(AppServices app) =>
        await DrainAsync(app.EmailQueue, async message =>
            await app.Get<IOutboxProcessor>().ProcessAsync(JsonSerializer.Deserialize<OutboxMessage>(message.Body, OutboxMessage.Json)!, message.DequeueCount, CancellationToken.None),
            receivers: 1);

    private static async Task<SubscriberEntity> SubscriberAsync(AppServices app, string key) =>
        (await app.Subscribers().GetEntityAsync<SubscriberEntity>(key, SubscriberRows.Profile)).Value;

    private static async Task<List<string>> ConsentEventsAsync(AppServices app, string key) =>
        await app.Subscribers()
            .QueryAsync<ConsentEventEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {key} and RowKey ge {SubscriberRows.ConsentPrefix} and RowKey lt {"consent}"}"))
            .Select(e => e.Event)
            .ToListAsync();

    [GeneratedRegex(@"http://127\.0\.0\.1:7071/api/subscriptions/confirm\?token=[A-Za-z0-9%._\-]+")]
    private static partial Regex ConfirmLink();
}
