using HappyBabyHive.Courses;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HappyBabyHive.Bookings.Changes;

public static class BookingChangesServiceCollectionExtensions
{
    /// <summary>Cancelling, offering freed places to the waitlist, claiming them, and the signed links families use for it.</summary>
    public static IServiceCollection AddBookingChanges(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BookingChangeOptions>()
            .Bind(configuration.GetSection(BookingChangeOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<BookingLinks>();
        services.AddSingleton<IBookingChangeService, BookingChangeService>();
        services.AddSingleton<BookingTransferService>();
        services.AddSingleton<IBookingTransfers>(sp => sp.GetRequiredService<BookingTransferService>());
        services.AddWaitlistOffers();
        return services;
    }
}
