using HappyBabyHive.Courses;

namespace HappyBabyHive.Payments.Donations;

/// <summary>The payments the donation report reads. Storage answers it (only Storage knows where bookings live).</summary>
public interface IPaidBookings
{
    /// <summary>
    /// Every booking, on any course and in any status (a cancelled, refunded booking still had its payment), whose
    /// payment was received at or after <paramref name="fromUtc"/> and before <paramref name="toUtc"/>, with its
    /// payment as it stands now (refunds to date included).
    /// </summary>
    Task<IReadOnlyList<PaidBooking>> ListPaidAsync(DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken);
}

public sealed record PaidBooking(string CourseId, string Reference, bool IsFreePlace, BookingPayment Payment);
