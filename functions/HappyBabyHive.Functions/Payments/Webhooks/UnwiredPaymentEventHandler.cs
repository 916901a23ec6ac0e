using Microsoft.Extensions.Logging;

namespace HappyBabyHive.Payments.Webhooks;

/// <summary>
/// The handler until bookings take payments (#16 after #15): it keeps every event stored and unapplied, so nothing
/// Stripe tells us is lost and the real handler applies the backlog once it is registered.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "An IPaymentEventHandler; not a .NET event delegate.")]
public sealed partial class UnwiredPaymentEventHandler(ILogger<UnwiredPaymentEventHandler> logger) : IPaymentEventHandler
{
    public Task<PaymentEventHandling> HandleAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken)
    {
        LogUnwired(logger, paymentEvent.EventId, paymentEvent.Type);
        return Task.FromResult(PaymentEventHandling.RetryLater);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe event {EventId} ({Type}) is stored but not applied: no payment handler is registered yet")]
    private static partial void LogUnwired(ILogger logger, string eventId, PaymentEventType type);
}
