using Azure;
using HappyBabyHive.Outbox;

namespace HappyBabyHive.IntegrationTests.Support;

/// <summary>The real queue writer, with a switch that makes it fail as if the server died between storing and enqueueing.</summary>
public sealed class SwitchableEnqueuer(StorageEmailEnqueuer real) : IEmailEnqueuer
{
    public bool Broken { get; set; }

    public Task EnqueueAsync(OutboxMessage message, TimeSpan? visibilityDelay, CancellationToken cancellationToken) =>
        Broken ? throw new RequestFailedException(503, "Queue unavailable (simulated)") : real.EnqueueAsync(message, visibilityDelay, cancellationToken);
}
