namespace HappyBabyHive.Payments.Donations;

/// <summary>
/// The charity donation report, from payment records. Pure: the caller chooses which payments fall in the period.
/// </summary>
/// <remarks>
/// Rounding: per payment, to the penny, <see cref="MidpointRounding.AwayFromZero"/> (halves up: amounts are never
/// negative). Why per payment and not "sum, then round": the percentage can change mid-period, so a course's payments
/// need not share one rate; each payment's donation is fixed at the moment it is paid, so it is the unit the owner (or
/// the charity) can check against a single family's payment; and once every payment's donation is a whole number of
/// pennies, every course line and the total are exact sums of them, so the report always adds up on paper with no
/// "rounding difference" line. Why halves up and not banker's rounding: it is the rule people use when checking by
/// hand, and a tie (an exact half penny) goes to the charity. The cost is at most half a penny per payment against the
/// exact figure. All arithmetic is in <see cref="decimal"/> pence; pounds appear only at the end, by dividing by 100.
/// </remarks>
public static class DonationCalculator
{
    public static DonationReport Calculate(IEnumerable<DonationPayment> payments)
    {
        ArgumentNullException.ThrowIfNull(payments);
        var paid = payments.Where(p => !p.FreePlace).ToList();
        foreach (var payment in paid)
        {
            Check(payment);
        }

        var lines = paid
            .GroupBy(p => p.CourseId, StringComparer.Ordinal)
            .Select(course => Line(course.Key, course.ToList()))
            .OrderBy(l => l.CourseTitle, StringComparer.CurrentCultureIgnoreCase)
            .ThenBy(l => l.CourseId, StringComparer.Ordinal)
            .ToList();

        var totals = new DonationTotals(
            lines.Sum(l => l.PlacesPaid),
            lines.Sum(l => l.Received),
            lines.Sum(l => l.Refunded),
            lines.Sum(l => l.NetReceived),
            lines.Sum(l => l.Donation));
        return new DonationReport(lines, totals);
    }

    /// <summary>One payment's donation in whole pence: net × percent / 100, rounded half away from zero.</summary>
    public static long DonationPence(DonationPayment payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        Check(payment);
        return payment.FreePlace ? 0 : (long)Math.Round(payment.NetPence * payment.DonationPercent / 100m, 0, MidpointRounding.AwayFromZero);
    }

    private static DonationLine Line(string courseId, List<DonationPayment> payments) => new(
        courseId,
        payments[0].CourseTitle,
        payments.Count(p => p.NetPence > 0),
        Pounds(payments.Sum(p => p.ReceivedPence)),
        Pounds(payments.Sum(p => p.RefundedPence)),
        Pounds(payments.Sum(p => p.NetPence)),
        // Only the rates of money kept: a payment refunded in full adds nothing, so its rate would only mislead.
        payments.Where(p => p.NetPence > 0).Select(p => p.DonationPercent).Distinct().Order().ToList(),
        Pounds(payments.Sum(DonationPence)));

    private static decimal Pounds(long pence) => pence / 100m;

    private static void Check(DonationPayment payment)
    {
        if (payment.ReceivedPence < 0 || payment.RefundedPence < 0 || payment.RefundedPence > payment.ReceivedPence)
        {
            throw new ArgumentException($"Payment {payment.PaymentId}: refunds must be between 0 and the amount received.", nameof(payment));
        }

        if (payment.DonationPercent is < 0 or > 100)
        {
            throw new ArgumentException($"Payment {payment.PaymentId}: the donation percentage must be between 0 and 100.", nameof(payment));
        }
    }
}
