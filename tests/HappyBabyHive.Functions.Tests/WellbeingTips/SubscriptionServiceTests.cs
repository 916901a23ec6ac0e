using HappyBabyHive.Concurrency;
using HappyBabyHive.Storage;
using HappyBabyHive.TestSupport.Fakes;
using HappyBabyHive.WellbeingTips;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HappyBabyHive.Tests.WellbeingTips;

/// <summary>The double opt-in's decisions, on an in-memory subscriber store (IntegrationTests/WellbeingTips runs the flow on Azurite).</summary>
public sealed class SubscriptionServiceTests
{
    private const string Address = "sam@example.co.uk";
    private static readonly string Key = SubscriberKeys.For(TestSettings.Hasher, Address);

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly InMemorySubscriberStore store = new();
    private readonly RecordingEmailEnqueuer queue = new();

    private SubscriptionService Service() => new(
        store, queue, new SubscriptionRequestValidator(), TestSettings.Hasher, Options.Create(new WellbeingTipsOptions()), clock, TestPipelines.Concurrency(retries: 4), NullLogger<SubscriptionService>.Instance);

    private static SubscriptionRequest Request(string email = Address) => new() { Email = email, FirstName = "Sam", Consent = true };

    [Fact]
    public async Task Subscribing_stores_a_pending_subscriber_a_consent_event_and_the_confirm_email_together()
    {
        Assert.IsType<SubscribeOutcome.Accepted>(await Service().SubscribeAsync(Request(" Sam@Example.co.uk "), CancellationToken.None));

        var subscriber = store.Subscribers[Key];
        Assert.Equal((SubscriberStatus.Pending, "Sam@Example.co.uk", ConsentSources.SubscribeForm), (subscriber.Status, subscriber.Email, subscriber.ConsentSource));
        Assert.Equal("requested", Assert.Single(store.ConsentEvents).Event);
        var owed = Assert.Single(store.OwedEmails);
        Assert.Equal((TableNames.TipSubscribers, Key), (owed.Table, owed.PartitionKey));
        Assert.Equal(owed, Assert.Single(queue.Sent).Message);
    }

    [Fact]
    public async Task Asking_again_within_the_resend_window_sends_nothing_new_and_later_sends_with_the_same_consent()
    {
        await Service().SubscribeAsync(Request(), CancellationToken.None);
        var consentId = store.Subscribers[Key].ConsentId;

        clock.Advance(TimeSpan.FromMinutes(14));
        await Service().SubscribeAsync(Request(), CancellationToken.None);
        Assert.Single(queue.Sent);

        clock.Advance(TimeSpan.FromMinutes(2));
        await Service().SubscribeAsync(Request(), CancellationToken.None);
        Assert.Equal(2, queue.Sent.Count);
        Assert.Equal(consentId, store.Subscribers[Key].ConsentId); // the first link keeps working too
    }

    [Fact]
    public async Task A_stored_request_whose_enqueue_fails_is_left_to_the_outbox_sweep()
    {
        queue.Broken = true;

        Assert.IsType<SubscribeOutcome.Accepted>(await Service().SubscribeAsync(Request(), CancellationToken.None));

        Assert.Single(store.OwedEmails);
    }

    [Fact]
    public async Task A_save_that_loses_a_race_reads_again_through_the_retry_policy_until_it_runs_out()
    {
        store.LoseNextSaves = 4;
        Assert.IsType<SubscribeOutcome.Accepted>(await Service().SubscribeAsync(Request(), CancellationToken.None));
        Assert.Single(store.OwedEmails);

        store.LoseNextSaves = 5;
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Service().UnsubscribeAsync(Key, CancellationToken.None));
        Assert.Equal(SubscriberStatus.Pending, store.Subscribers[Key].Status);
    }

    [Fact]
    public async Task Confirming_needs_the_current_consent_and_unsubscribing_is_idempotent()
    {
        await Service().SubscribeAsync(Request(), CancellationToken.None);
        var consentId = store.Subscribers[Key].ConsentId;

        Assert.Equal(ConfirmOutcome.OutOfDate, await Service().ConfirmAsync(Key, "not-the-consent", CancellationToken.None));
        Assert.Equal(ConfirmOutcome.Confirmed, await Service().ConfirmAsync(Key, consentId, CancellationToken.None));
        Assert.Equal(ConfirmOutcome.AlreadyConfirmed, await Service().ConfirmAsync(Key, consentId, CancellationToken.None));

        await Service().UnsubscribeAsync(Key, CancellationToken.None);
        await Service().UnsubscribeAsync(Key, CancellationToken.None);

        Assert.Equal(SubscriberStatus.Unsubscribed, store.Subscribers[Key].Status);
        Assert.Equal(["requested", "confirmed", "withdrawn"], store.ConsentEvents.Select(e => e.Event));
        Assert.Equal(ConfirmOutcome.OutOfDate, await Service().ConfirmAsync(Key, consentId, CancellationToken.None));
    }

    [Fact]
    public async Task Links_sent_before_the_re_key_follow_the_forwarding_row_to_the_moved_subscriber()
    {
        var legacyKey = SubscriberKeys.LegacyFor(Address);
        store.Put(new Subscriber { Key = Key, Email = Address, Status = SubscriberStatus.Pending, ConsentId = "c1", CreatedUtc = clock.GetUtcNow() });
        store.Moves[SubscriberKeys.ForwardFrom(TestSettings.Hasher, legacyKey)] = Key;

        Assert.Equal(ConfirmOutcome.Confirmed, await Service().ConfirmAsync(legacyKey, "c1", CancellationToken.None));
        Assert.Equal(SubscriberStatus.Confirmed, store.Subscribers[Key].Status);

        Assert.Equal(UnsubscribeOutcome.Unsubscribed, await Service().UnsubscribeAsync(legacyKey, CancellationToken.None));
        Assert.Equal(UnsubscribeOutcome.AlreadyUnsubscribed, await Service().UnsubscribeAsync(legacyKey, CancellationToken.None));
        Assert.Equal(SubscriberStatus.Unsubscribed, store.Subscribers[Key].Status);
        Assert.False(store.Subscribers.ContainsKey(legacyKey));
        Assert.All(store.ConsentEvents, e => Assert.Equal(Key, e.Key));
    }

    [Fact]
    public async Task A_link_whose_subscriber_is_gone_is_not_found_and_changes_nothing()
    {
        var legacyKey = SubscriberKeys.LegacyFor(Address);
        store.Moves[SubscriberKeys.ForwardFrom(TestSettings.Hasher, legacyKey)] = Key; // moved, then deleted since

        Assert.Equal(UnsubscribeOutcome.NotFound, await Service().UnsubscribeAsync(Key, CancellationToken.None));
        Assert.Equal(UnsubscribeOutcome.NotFound, await Service().UnsubscribeAsync(legacyKey, CancellationToken.None));
        Assert.Equal(ConfirmOutcome.OutOfDate, await Service().ConfirmAsync(legacyKey, "c1", CancellationToken.None));
        Assert.Empty(store.Subscribers);
        Assert.Empty(store.ConsentEvents);
    }

    [Fact]
    public async Task A_booking_opt_in_starts_a_pending_subscription_with_the_booking_forms_consent()
    {
        var ticked = clock.GetUtcNow().AddMinutes(-5);
        var optIn = new TipsOptIn(Address, "Sam Taylor", ticked, ticked.AddSeconds(-1), "tips-consent-2026-01");

        var subscriber = await Service().EnsurePendingFromBookingAsync(optIn, CancellationToken.None);

        Assert.NotNull(subscriber);
        Assert.Equal(("Sam", ConsentSources.BookingForm, "tips-consent-2026-01", ticked), (subscriber.FirstName, subscriber.ConsentSource, subscriber.ConsentVersion, subscriber.ConsentRequestedUtc));
        Assert.Empty(store.OwedEmails); // the booking's own outbox row is the email
        Assert.Same(store.Subscribers[Key].ConsentId, (await Service().EnsurePendingFromBookingAsync(optIn, CancellationToken.None))!.ConsentId);
    }

    [Fact]
    public async Task A_booking_opt_in_asks_nothing_of_a_parent_who_unsubscribed_after_ticking_the_box()
    {
        var ticked = clock.GetUtcNow().AddDays(-1);
        store.Put(new Subscriber { Key = Key, Email = Address, Status = SubscriberStatus.Unsubscribed, UnsubscribedUtc = ticked.AddHours(1) });

        Assert.Null(await Service().EnsurePendingFromBookingAsync(new TipsOptIn(Address, "Sam", ticked, ticked, null), CancellationToken.None));
        Assert.Empty(store.ConsentEvents);
    }
}
