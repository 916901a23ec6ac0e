using HappyBabyHive.Bookings.Changes;
using HappyBabyHive.Courses;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage.Courses;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HappyBabyHive.Bookings.Manage;

public static class ManageBookingServiceCollectionExtensions
{
    /// <summary>The family's manage-booking page's own services: reading a booking, contact changes and their confirmation email.</summary>
    public static IServiceCollection AddManageBooking(this IServiceCollection services)
    {
        services.AddSingleton<BookingEmailChange>();
        services.AddSingleton<IManageBookingService, ManageBookingService>();
        services.AddSingleton<IOutboxEmailComposer, BookingEmailChangeComposer>();

        // The transfer saga is registered with the booking changes (AddBookingChanges, called first); until it is,
        // families are offered no course to move to rather than a page that fails.
        services.TryAddSingleton<IBookingTransfers, NoBookingTransfers>();
        return services;
    }
}

/// <summary>Stands in while no transfer saga is registered: no choices, and a move is refused as not possible here.</summary>
internal sealed class NoBookingTransfers(ICoursePartitionStore partitions) : IBookingTransfers
{
    public Task<IReadOnlyList<Course>> ChoicesAsync(BookingKey booking, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Course>>([]);

    public async Task<TransferOutcome> MoveAsync(BookingKey booking, string toCourseId, ChangedBy by, CancellationToken cancellationToken)
    {
        var snapshot = await partitions.LoadAsync(booking.CourseId, cancellationToken);
        return snapshot is not null && await partitions.FindBookingAsync(booking.CourseId, booking.Reference, cancellationToken) is { } found
            ? new TransferOutcome.NotMovable(found, snapshot.Course, "Moving between courses can't be done online yet.")
            : new TransferOutcome.NotFound();
    }
}
