using HappyBabyHive.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace HappyBabyHive.Bookings.Changes;

public static class WaitlistOfferServiceCollectionExtensions
{
    /// <summary>The family's emails about changes to a booking (cancelled, place offered, offer lapsed).</summary>
    public static IServiceCollection AddWaitlistOffers(this IServiceCollection services)
    {
        services.AddSingleton<IOutboxEmailComposer, BookingChangeEmailComposer>();
        return services;
    }
}
