using HappyBabyHive.Courses;
using HappyBabyHive.Settings;

namespace HappyBabyHive.Payments.Donations;

/// <summary>
/// The charity donation report for a period: the payments received in it (by when each was received, whatever has
/// happened to the booking since), with refunds as they stand when the report is run, through
/// <see cref="DonationCalculator"/>. Free places are never counted.
/// </summary>
public sealed class DonationReportService(IPaidBookings paid, ICourseStore courses, IBusinessSettingsStore settings, TimeProvider time)
{
    public async Task<DonationPeriodReport> ReportAsync(DonationPeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        var bookings = (await paid.ListPaidAsync(period.FromUtc, period.ToUtc, cancellationToken))
            .Where(b => !b.IsFreePlace && b.Payment.PaidPence > 0)
            .ToList();

        // A payment should carry the percentage in force when it was received; one that doesn't (recorded before the
        // percentage was kept) takes today's setting, and the report says how many did so they can be checked.
        var unrecorded = bookings.Count(b => b.Payment.DonationPercent is null);
        decimal? todaysPercent = unrecorded > 0 ? (await settings.GetAsync(cancellationToken)).DonationPercent : null;

        var titles = bookings.Count == 0
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : (await courses.ListAllAsync(cancellationToken)).ToDictionary(c => c.Id, c => c.Title, StringComparer.Ordinal);
        var report = DonationCalculator.Calculate(bookings.Select(b => new DonationPayment(
            b.CourseId,
            titles.GetValueOrDefault(b.CourseId, b.CourseId),
            b.Payment.PaymentIntentId ?? b.Reference,
            b.Payment.PaidPence,
            // Stripe never gives back more than was paid; a record that says so counts as refunded in full.
            Math.Min(b.Payment.RefundedPence, b.Payment.PaidPence),
            b.Payment.DonationPercent ?? todaysPercent!.Value)));
        return new DonationPeriodReport(period, report, time.GetUtcNow())
        {
            PaymentsWithoutRecordedPercent = unrecorded,
            PercentUsedForThem = todaysPercent,
        };
    }
}

/// <param name="GeneratedUtc">When it was run: refunds made up to then are counted.</param>
public sealed record DonationPeriodReport(DonationPeriod Period, DonationReport Report, DateTimeOffset GeneratedUtc)
{
    /// <summary>Payments with no percentage recorded, which took <see cref="PercentUsedForThem"/> (today's setting).</summary>
    public int PaymentsWithoutRecordedPercent { get; init; }

    public decimal? PercentUsedForThem { get; init; }
}
