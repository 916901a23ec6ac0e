using HappyBabyHive.LocalRunner.Stripe;
using HappyBabyHive.Storage;

namespace HappyBabyHive.BrowserTests.Support;

/// <summary>
/// <see cref="AppOverHttp"/> with payments on against the local fake Stripe (the same one `run` uses): the booking form
/// sends the browser to the fake's checkout page, whose buttons deliver signed webhooks to this app. Its tables and
/// queues have a prefix of their own.
/// </summary>
public sealed class PaidAppOverHttp : AppOverHttp
{
    private readonly StorageOptions storage = new() { NamePrefix = TestSettings.NewPrefix("p") };

    public FakeStripeApi Stripe { get; private set; } = null!;

    protected override StorageOptions Storage => storage;

    protected override async Task<IReadOnlyDictionary<string, string?>> MoreSettingsAsync()
    {
        Stripe = await FakeStripeApi.StartAsync();
        return new Dictionary<string, string?>
        {
            ["Storage__NamePrefix"] = storage.NamePrefix,
            ["Payments__Enabled"] = "true",
            ["Payments__ApiBase"] = Stripe.BaseAddress.AbsoluteUri.TrimEnd('/'),
            ["Payments__CheckoutOrigin"] = Stripe.BaseAddress.GetLeftPart(UriPartial.Authority),
            ["Payments__SecretKey"] = FakeStripeApi.SecretKey,
            ["Payments__WebhookSecret"] = FakeStripeApi.WebhookSecret,
        };
    }

    protected override void Started() => Stripe.WebhookUrl = new Uri(Host.ApiBaseAddress, "stripe/webhook");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Stripe is not null)
        {
            await Stripe.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class UsesPaidApp : ICollectionFixture<PaidAppOverHttp>
{
    public const string Name = "The app over HTTP with payments against the fake Stripe, with Chromium";
}
