using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Payments.Webhooks;

namespace HappyBabyHive.IntegrationTests.Payments;

/// <summary>The Table store behind the webhook on real Azurite: insert-if-absent under a race, claims, the sweep's query.</summary>
public sealed class PaymentEventStoreTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Twenty_deliveries_of_one_event_at_once_store_it_exactly_once_and_round_trip_its_facts()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var store = app.Get<IPaymentEventStore>();
        var paymentEvent = Event("evt_1Race");

        var added = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => store.TryAddAsync(paymentEvent, Now, default)));

        Assert.Equal(1, added.Count(a => a));
        Assert.Equal(new StoredPaymentEvent(paymentEvent, Now, null), await store.GetAsync("evt_1Race", default));
    }

    [Fact]
    public async Task A_claim_keeps_a_second_applier_out_until_released_and_applied_is_final()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var store = app.Get<IPaymentEventStore>();
        await store.TryAddAsync(Event("evt_1Claim"), Now, default);

        var claims = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => store.ClaimAsync("evt_1Claim", Now, Now.AddMinutes(2), default)));
        var winner = Assert.IsType<PaymentEventClaim.Claimed>(Assert.Single(claims, c => c is PaymentEventClaim.Claimed));
        Assert.All(claims.Where(c => c != winner), c => Assert.IsType<PaymentEventClaim.HeldElsewhere>(c));

        await winner.Lease.ReleaseAsync(default);
        var again = Assert.IsType<PaymentEventClaim.Claimed>(await store.ClaimAsync("evt_1Claim", Now, Now.AddMinutes(2), default));
        await again.Lease.MarkAppliedAsync(Now.AddSeconds(1), default);

        Assert.IsType<PaymentEventClaim.AlreadyApplied>(await store.ClaimAsync("evt_1Claim", Now.AddHours(1), Now.AddHours(2), default));
        Assert.IsType<PaymentEventClaim.NotFound>(await store.ClaimAsync("evt_1Never", Now, Now.AddMinutes(2), default));
        Assert.Equal(Now.AddSeconds(1), (await store.GetAsync("evt_1Claim", default))!.AppliedUtc);
    }

    [Fact]
    public async Task The_sweep_query_finds_old_unapplied_unclaimed_events_only()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var store = app.Get<IPaymentEventStore>();
        await store.TryAddAsync(Event("evt_1Old"), Now.AddMinutes(-10), default);
        await store.TryAddAsync(Event("evt_1Recent"), Now.AddSeconds(-30), default);
        await store.TryAddAsync(Event("evt_1Claimed"), Now.AddMinutes(-10), default);
        await store.TryAddAsync(Event("evt_1Applied"), Now.AddMinutes(-10), default);
        await store.ClaimAsync("evt_1Claimed", Now, Now.AddMinutes(2), default);
        var applied = (PaymentEventClaim.Claimed)await store.ClaimAsync("evt_1Applied", Now.AddMinutes(-9), Now.AddMinutes(-8), default);
        await applied.Lease.MarkAppliedAsync(Now.AddMinutes(-9), default);

        var due = await store.ListUnappliedAsync(Now.AddMinutes(-2), Now, 10, default);

        Assert.Equal(["evt_1Old"], due);
    }

    private static PaymentEvent Event(string id) =>
        new(id, PaymentEventType.ChargeRefunded, Now.AddSeconds(-5), "massage-test", "HBH-7Q2K", "ch_1", "pi_1", 6000, 2500, true);
}
