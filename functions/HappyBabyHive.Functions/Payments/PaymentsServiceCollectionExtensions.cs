using HappyBabyHive.Payments.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HappyBabyHive.Payments;

public static class PaymentsServiceCollectionExtensions
{
    /// <summary>
    /// The payments feature's own services. Its store and queue (Storage/Payments) are registered by the composition
    /// root; the booking flow replaces <see cref="UnwiredPaymentEventHandler"/> with its own <see cref="IPaymentEventHandler"/>.
    /// </summary>
    public static IServiceCollection AddPayments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PaymentOptions>()
            .Bind(configuration.GetSection(PaymentOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<IPaymentGateway, StripePaymentGateway>();
        services.TryAddSingleton<IPaymentEventHandler, UnwiredPaymentEventHandler>();
        services.AddSingleton<StripeWebhookReceiver>();
        services.AddSingleton<PaymentEventApplier>();
        services.AddSingleton<PaymentEventSweeper>();
        services.AddSingleton<Donations.DonationReportService>();
        services.AddSingleton<Refunds.Refunder>();
        services.AddSingleton<Refunds.RefundSweeper>();
        services.AddSingleton<Courses.Refunds.ICheckoutExpiry, Refunds.GatewayCheckoutExpiry>();
        services.AddSingleton<Manual.OwnerPaymentService>();
        return services;
    }
}
