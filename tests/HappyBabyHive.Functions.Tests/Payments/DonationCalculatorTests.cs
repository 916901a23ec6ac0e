using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HappyBabyHive.Payments.Donations;

namespace HappyBabyHive.Tests.Payments;

/// <summary>The donation report: worked examples, then properties over generated payments (FsCheck).</summary>
public sealed class DonationCalculatorTests
{
    [Fact]
    public void Worked_example_with_a_refund_a_free_place_and_a_change_of_percentage_mid_period()
    {
        var report = DonationCalculator.Calculate(
        [
            new("massage-jan", "Baby massage (January)", "pi_1", 6000, 0, 10m),
            new("massage-jan", "Baby massage (January)", "pi_2", 6000, 6000, 10m), // refunded in full: no place, no donation
            new("massage-jan", "Baby massage (January)", "pi_3", 6000, 0, 12.5m), // the owner raised the percentage
            new("massage-jan", "Baby massage (January)", "free-1", 0, 0, 12.5m, FreePlace: true),
            new("yoga-jan", "Baby yoga (January)", "pi_4", 5500, 1500, 12.5m), // partly refunded: £40 kept
        ]);

        var massage = report.Courses[0];
        Assert.Equal(("massage-jan", 2, 180m, 60m, 120m), (massage.CourseId, massage.PlacesPaid, massage.Received, massage.Refunded, massage.NetReceived));
        Assert.Equal([10m, 12.5m], massage.DonationPercents);
        Assert.Equal(13.50m, massage.Donation); // £6.00 + £0.00 + £7.50
        var yoga = report.Courses[1];
        Assert.Equal((1, 40m, 5.00m), (yoga.PlacesPaid, yoga.NetReceived, yoga.Donation));
        Assert.Equal(new DonationTotals(3, 235m, 75m, 160m, 18.50m), report.Totals);
    }

    [Theory]
    [InlineData(5500, 12.5, 688)] // 687.5p: a half penny rounds up (to the charity)
    [InlineData(5300, 12.5, 663)] // 662.5p
    [InlineData(7200, 7.25, 522)] // 522.0p exactly
    [InlineData(6666, 10, 667)] // 666.6p
    [InlineData(6664, 10, 666)] // 666.4p
    [InlineData(1, 50, 1)] // 0.5p
    [InlineData(6000, 0, 0)]
    public void Each_payment_is_rounded_to_the_nearest_penny_with_halves_up(long netPence, double percent, long expected)
    {
        Assert.Equal(expected, DonationCalculator.DonationPence(new("c", "C", "p", netPence, 0, (decimal)percent)));
    }

    [Theory]
    [InlineData(6000, -1, 10)]
    [InlineData(6000, 6001, 10)]
    [InlineData(-5, 0, 10)]
    [InlineData(6000, 0, 100.01)]
    [InlineData(6000, 0, -0.01)]
    public void Impossible_payments_are_refused_rather_than_reported(long received, long refunded, double percent)
    {
        Assert.Throws<ArgumentException>(() => DonationCalculator.Calculate([new("c", "C", "p", received, refunded, (decimal)percent)]));
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Payments)])]
    public bool Totals_equal_the_sum_of_the_lines(DonationPayment[] payments)
    {
        var report = DonationCalculator.Calculate(payments);
        return report.Totals == new DonationTotals(
            report.Courses.Sum(l => l.PlacesPaid),
            report.Courses.Sum(l => l.Received),
            report.Courses.Sum(l => l.Refunded),
            report.Courses.Sum(l => l.NetReceived),
            report.Courses.Sum(l => l.Donation));
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Payments)])]
    public bool Each_line_is_the_sum_of_its_payments_rounded_pennies_and_nets_refunds(DonationPayment[] payments)
    {
        var report = DonationCalculator.Calculate(payments);
        var paid = payments.Where(p => !p.FreePlace).ToList();
        return report.Courses.All(line =>
        {
            var mine = paid.Where(p => p.CourseId == line.CourseId).ToList();
            return line.Donation == mine.Sum(DonationCalculator.DonationPence) / 100m
                && line.NetReceived == line.Received - line.Refunded
                && line.NetReceived == mine.Sum(p => p.ReceivedPence - p.RefundedPence) / 100m
                && line.Donation * 100 == decimal.Truncate(line.Donation * 100); // whole pennies
        }) && report.Courses.Count == paid.Select(p => p.CourseId).Distinct().Count();
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Payments)])]
    public bool A_payment_refunded_in_full_changes_nothing_owed(DonationPayment[] payments, PositiveInt amount, byte course)
    {
        var before = DonationCalculator.Calculate(payments);
        var refunded = new DonationPayment($"course-{course % 4}", $"Course {course % 4}", "pi_refunded", amount.Get % 10_000, amount.Get % 10_000, 12.5m);
        var after = DonationCalculator.Calculate([.. payments, refunded]);

        return after.Totals.Donation == before.Totals.Donation
            && after.Totals.NetReceived == before.Totals.NetReceived
            && after.Totals.PlacesPaid == before.Totals.PlacesPaid;
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Payments)])]
    public bool Free_places_and_the_order_of_payments_make_no_difference(DonationPayment[] payments)
    {
        var report = DonationCalculator.Calculate(payments);
        var shuffled = DonationCalculator.Calculate([.. payments.Reverse(), new("course-0", "Course 0", "free", 6000, 0, 10m, FreePlace: true)]);

        return report.Totals == shuffled.Totals && report.Courses.Select(c => c.Donation).SequenceEqual(shuffled.Courses.Select(c => c.Donation));
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Payments)])]
    public bool The_donation_is_within_half_a_penny_per_payment_of_the_exact_figure(DonationPayment[] payments)
    {
        var paid = payments.Where(p => !p.FreePlace).ToList();
        var exact = paid.Sum(p => (p.ReceivedPence - p.RefundedPence) * p.DonationPercent / 100m) / 100m;
        var reported = DonationCalculator.Calculate(payments).Totals.Donation;
        return Math.Abs(reported - exact) <= paid.Count * 0.005m;
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Payments)])]
    public bool Each_payments_pennies_are_its_exact_donation_rounded_with_halves_up(DonationPayment[] payments) =>
        payments.Where(p => !p.FreePlace).All(p =>
        {
            var exact = p.NetPence * p.DonationPercent / 100m;
            var pence = DonationCalculator.DonationPence(p);
            return exact - 0.5m < pence && pence <= exact + 0.5m; // nearest penny; an exact half goes up, never down
        });

    [Property(MaxTest = 300, Arbitrary = [typeof(Payments)])]
    public bool A_course_lists_only_the_rates_of_money_kept(DonationPayment[] payments)
    {
        var kept = payments.Where(p => !p.FreePlace && p.NetPence > 0).ToList();
        return DonationCalculator.Calculate(payments).Courses.All(line =>
            line.DonationPercents.SequenceEqual(kept.Where(p => p.CourseId == line.CourseId).Select(p => p.DonationPercent).Distinct().Order()));
    }

    /// <summary>Realistic payments: four courses, £0–£100 in pence, any refund up to the amount, percentages to 0.25%.</summary>
    public static class Payments
    {
        public static Arbitrary<DonationPayment> Payment() =>
            (from course in Gen.Choose(0, 3)
             from received in Gen.Choose(0, 10_000)
             from refunded in Gen.OneOf(Gen.Constant(0), Gen.Choose(0, received), Gen.Constant(received))
             from quarterPercent in Gen.Choose(0, 400)
             from free in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
             from id in Gen.Choose(1, 1_000_000)
             select new DonationPayment($"course-{course}", $"Course {course}", $"pi_{id}", received, refunded, quarterPercent / 4m, free))
            .ToArbitrary();
    }
}
