namespace HappyBabyHive.Payments.Donations;

/// <summary>One payment as the donation report needs it.</summary>
/// <param name="PaymentId">The payment (e.g. the Stripe payment intent), for traceability only.</param>
/// <param name="ReceivedPence">What the family paid, in pence.</param>
/// <param name="RefundedPence">What has been given back of it so far, in pence (0 to <paramref name="ReceivedPence"/>).</param>
/// <param name="DonationPercent">The donation percentage in force when this payment was made (the owner's setting then).</param>
/// <param name="FreePlace">A free place: no money, no donation; never counted.</param>
public sealed record DonationPayment(
    string CourseId,
    string CourseTitle,
    string PaymentId,
    long ReceivedPence,
    long RefundedPence,
    decimal DonationPercent,
    bool FreePlace = false)
{
    public long NetPence => ReceivedPence - RefundedPence;
}

/// <summary>One course's line: amounts in pounds.</summary>
/// <param name="PlacesPaid">Payments on this course with money still kept after refunds.</param>
/// <param name="DonationPercents">Every percentage that applied to money kept on this course, lowest first (more than one when it changed mid-period; none when everything was refunded).</param>
public sealed record DonationLine(
    string CourseId,
    string CourseTitle,
    int PlacesPaid,
    decimal Received,
    decimal Refunded,
    decimal NetReceived,
    IReadOnlyList<decimal> DonationPercents,
    decimal Donation);

public sealed record DonationTotals(int PlacesPaid, decimal Received, decimal Refunded, decimal NetReceived, decimal Donation);

/// <summary>What is owed to the charity: a line per course (ordered by title, then id) and the totals at the bottom.</summary>
public sealed record DonationReport(IReadOnlyList<DonationLine> Courses, DonationTotals Totals)
{
    /// <summary>The rounding rule, in words, for the report's footer and the CSV.</summary>
    public const string RoundingRule =
        "Each payment's donation is its amount kept after refunds times the percentage in force when it was paid, " +
        "rounded to the nearest penny (halves up); course lines and totals add those pennies up exactly.";
}
