using HappyBabyHive.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace HappyBabyHive.Bookings.Manage;

public static class ManageBookingServiceCollectionExtensions
{
    /// <summary>The family's manage-booking page's own services: reading a booking, contact changes and their confirmation email.</summary>
    public static IServiceCollection AddManageBooking(this IServiceCollection services)
    {
        services.AddSingleton<BookingEmailChange>();
        services.AddSingleton<IManageBookingService, ManageBookingService>();
        services.AddSingleton<IOutboxEmailComposer, BookingEmailChangeComposer>();
        return services;
    }
}
