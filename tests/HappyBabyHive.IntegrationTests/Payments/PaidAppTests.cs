using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.LocalRunner.Stripe;
using HappyBabyHive.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HappyBabyHive.IntegrationTests.Payments;

/// <summary>
/// A test class over a fresh <see cref="PaidApp"/> (card payments on against the fake Stripe) on the shared emulators,
/// with its own fake clock. A class that needs services of its own (a wrapped port, a recording handler) overrides
/// <see cref="ReplaceServices"/>.
/// </summary>
public abstract class PaidAppTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private PaidApp? flow;

    protected FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    internal PaidApp Flow => flow ?? throw new InvalidOperationException("The paid app starts in InitializeAsync.");

    protected FakeStripeApi Stripe => Flow.Stripe;

    protected AppServices App => Flow.App;

    protected Maildev Maildev => emulators.Maildev;

    public async Task InitializeAsync() => flow = await PaidApp.StartAsync(emulators, Clock, ReplaceServices);

    public async Task DisposeAsync()
    {
        if (flow is not null)
        {
            await flow.DisposeAsync();
        }
    }

    /// <summary>Replacements this class makes beyond the clock; none by default.</summary>
    protected virtual void ReplaceServices(IServiceCollection services)
    {
    }
}
