using HappyBabyHive.Payments.Donations;
using HappyBabyHive.Time;

namespace HappyBabyHive.Http;

/// <summary>
/// GET manage/reports/donations as JSON: the period as asked (from included, to not), a line per course, the totals,
/// and the rounding rule. Amounts are in pounds as exact decimals (e.g. 6.88).
/// </summary>
/// <param name="LastDay">The last UK day included (the day before <paramref name="To"/>).</param>
/// <param name="GeneratedAt">When the report was run, in UK time: refunds made up to then are counted.</param>
/// <param name="PaymentsWithoutRecordedPercent">Payments with no percentage recorded, which took today's setting (<paramref name="PercentUsedForThem"/>).</param>
public sealed record DonationReportResponse(
    DateOnly From,
    DateOnly To,
    DateOnly LastDay,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<DonationLine> Courses,
    DonationTotals Totals,
    string Rounding,
    int PaymentsWithoutRecordedPercent,
    decimal? PercentUsedForThem)
{
    public static DonationReportResponse Of(DonationPeriodReport r) => new(
        r.Period.From,
        r.Period.To,
        r.Period.LastDay,
        UkTime.ToUk(r.GeneratedUtc),
        r.Report.Courses,
        r.Report.Totals,
        DonationReport.RoundingRule,
        r.PaymentsWithoutRecordedPercent,
        r.PercentUsedForThem);
}
