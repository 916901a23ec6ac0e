using HappyBabyHive.Courses.Management;
using HappyBabyHive.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace HappyBabyHive.Bookings.Changes;

public static class WaitlistOfferServiceCollectionExtensions
{
    /// <summary>
    /// The family's emails about changes to a booking (cancelled, place offered, offer lapsed), and the offer flow for
    /// places the owner adds to a course or unused free places released before the start.
    /// </summary>
    public static IServiceCollection AddWaitlistOffers(this IServiceCollection services)
    {
        services.AddSingleton<IWaitlistPlaceOffers, WaitlistPlaceOffers>();
        services.AddSingleton<IFreePlaceRelease, FreePlaceRelease>();
        services.AddSingleton<IOutboxEmailComposer, BookingChangeEmailComposer>();
        return services;
    }
}
