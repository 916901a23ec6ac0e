using Azure;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HappyBabyHive.IntegrationTests.Support;

/// <summary>The real queue writer, with a switch that makes it fail as if the server died between storing and enqueueing.</summary>
internal sealed class SwitchableEnqueuer(QueueEmailEnqueuer real) : IEmailEnqueuer
{
    public bool Broken { get; set; }

    /// <summary>Makes the app's <see cref="IEmailEnqueuer"/> this switchable wrapper around the real queue writer.</summary>
    public static void ReplaceIn(IServiceCollection services)
    {
        services.AddSingleton<QueueEmailEnqueuer>();
        services.AddSingleton<SwitchableEnqueuer>();
        services.Replace(ServiceDescriptor.Singleton<IEmailEnqueuer>(sp => sp.GetRequiredService<SwitchableEnqueuer>()));
    }

    public Task EnqueueAsync(OutboxMessage message, TimeSpan? visibilityDelay, CancellationToken cancellationToken) =>
        Broken ? throw new RequestFailedException(503, "Queue unavailable (simulated)") : real.EnqueueAsync(message, visibilityDelay, cancellationToken);
}
