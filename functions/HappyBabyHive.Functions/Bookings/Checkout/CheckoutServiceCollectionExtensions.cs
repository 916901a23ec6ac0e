using HappyBabyHive.Outbox;
using HappyBabyHive.Payments.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HappyBabyHive.Bookings.Checkout;

public static class CheckoutServiceCollectionExtensions
{
    /// <summary>
    /// Paying for a place: starting Checkout for a held place, applying Stripe's events to bookings (replacing the
    /// payments feature's placeholder handler), and releasing holds whose expiry never came, and the email saying sorry when a payment came too late for its place.
    /// </summary>
    public static IServiceCollection AddBookingCheckout(this IServiceCollection services)
    {
        services.AddSingleton<IBookingCheckout, BookingCheckout>();
        services.AddSingleton<HeldPlaceRelease>();
        services.AddSingleton<ICheckoutReturns, CheckoutReturns>();
        services.Replace(ServiceDescriptor.Singleton<IPaymentEventHandler, CheckoutEventHandler>());
        services.AddSingleton<IOutboxEmailComposer, LatePaymentEmailComposer>();
        return services;
    }
}
