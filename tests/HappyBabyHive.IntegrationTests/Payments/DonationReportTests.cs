using System.Text;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Partition;
using HappyBabyHive.Functions;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Payments.Donations;
using HappyBabyHive.Registers;
using HappyBabyHive.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace HappyBabyHive.IntegrationTests.Payments;

/// <summary>
/// The owner's money views on Azurite: bookings with payments written through the course partition store (as the
/// payment handlers write them), then the donation report, the register, the payments CSV and "still owed" read back
/// through the real storage query and services. The expected figures are worked out by hand from the payments below.
/// </summary>
[Collection(UsesEmulators.Name)]
public sealed class DonationReportTests(EmulatorFixture emulators)
{
    // June 2026: British Summer Time, so UK midnight is 23:00 UTC the day before, which the boundaries below test.
    private static readonly DonationPeriod June = new(new DateOnly(2026, 6, 1), new DateOnly(2026, 7, 1));

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_reports_totals_match_the_payments_exactly_with_refunds_free_places_and_a_change_of_percentage_mid_period()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var massage = await AddCourseAsync(app, SampleCourses.Massage(new DateOnly(2026, 6, 2), id: "massage-june") with { Title = "Baby massage (June)" });
        var yoga = await AddCourseAsync(app, SampleCourses.Massage(new DateOnly(2026, 6, 3), id: "yoga-june") with { Title = "Baby yoga (June)", PricePence = 7200 });

        await AddAsync(app, massage,
            Paid("MAS-0001", 6000, Utc(5, 31, 23, 30), 10m), // 00:30 on 1 June in the UK: in
            Paid("MAS-0002", 6000, Utc(5, 31, 22, 30), 10m), // 23:30 on 31 May in the UK: out
            Paid("MAS-0003", 6000, Utc(6, 10, 9), 10m, refunded: 6000, refundedUtc: Utc(6, 12, 9), status: BookingStatus.Cancelled), // given back in full
            Paid("MAS-0004", 5500, Utc(6, 20, 9), 12.5m), // the owner raised the percentage: 687.5p rounds up to 688p
            Free("MAS-0005"),
            Unpaid("MAS-0006", PaymentMethod.AnotherWay, 6000));
        await AddAsync(app, yoga,
            Paid("YOG-0001", 7200, Utc(6, 15, 9), 10m, refunded: 2000, refundedUtc: Utc(7, 3, 9)), // part refunded after the period: still counted
            Paid("YOG-0002", 7200, Utc(6, 30, 22, 59), 12.5m), // 23:59 on 30 June in the UK: in
            Paid("YOG-0003", 7200, Utc(6, 30, 23, 0), 12.5m), // 00:00 on 1 July in the UK: out
            Paid("YOG-0004", 6600, Utc(6, 25, 14), 12.5m, method: PaymentMethod.AnotherWay)); // bank transfer the owner marked paid

        var report = await app.Get<DonationReportService>().ReportAsync(June, CancellationToken.None);

        Assert.Equal(2, report.Report.Courses.Count);
        var m = report.Report.Courses[0];
        Assert.Equal(("massage-june", "Baby massage (June)", 2, 175.00m, 60.00m, 115.00m, 12.88m), (m.CourseId, m.CourseTitle, m.PlacesPaid, m.Received, m.Refunded, m.NetReceived, m.Donation));
        Assert.Equal([10m, 12.5m], m.DonationPercents);
        var y = report.Report.Courses[1];
        Assert.Equal(("yoga-june", 3, 210.00m, 20.00m, 190.00m, 22.45m), (y.CourseId, y.PlacesPaid, y.Received, y.Refunded, y.NetReceived, y.Donation)); // 520p + 900p + 825p
        Assert.Equal(new DonationTotals(5, 385.00m, 80.00m, 305.00m, 35.33m), report.Report.Totals);
        Assert.Equal(0, report.PaymentsWithoutRecordedPercent);

        // The admin API's CSV says the same, to the penny, with the totals at the bottom.
        var csv = await GetCsvAsync(app, "from=2026-06-01&to=2026-07-01");
        Assert.Contains("Baby massage (June),massage-june,2,175.00,60.00,115.00,10; 12.5,12.88", csv, StringComparison.Ordinal);
        Assert.Contains("Total,,5,385.00,80.00,305.00,,35.33", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_period_with_no_payments_owes_nothing_and_a_day_either_side_changes_what_counts()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = await AddCourseAsync(app, SampleCourses.Massage(new DateOnly(2026, 6, 2), id: "massage-edge"));
        await AddAsync(app, course, Paid("EDG-0001", 6000, Utc(5, 31, 23, 0), 10m)); // exactly UK midnight starting 1 June

        var service = app.Get<DonationReportService>();
        var may = await service.ReportAsync(new DonationPeriod(new DateOnly(2026, 5, 1), new DateOnly(2026, 6, 1)), CancellationToken.None);
        var june = await service.ReportAsync(June, CancellationToken.None);

        Assert.Empty(may.Report.Courses);
        Assert.Equal(new DonationTotals(0, 0m, 0m, 0m, 0m), may.Report.Totals);
        Assert.Equal(6.00m, june.Report.Totals.Donation);
    }

    [Fact]
    public async Task The_register_says_where_each_familys_money_stands_and_still_owed_counts_only_live_unpaid_places()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = await AddCourseAsync(app, SampleCourses.Upcoming());
        var held = DateTimeOffset.UtcNow.AddMinutes(20);
        await AddAsync(app, course,
            Unpaid("OWE-0001", PaymentMethod.AnotherWay, 6000),
            Unpaid("OWE-0002", PaymentMethod.Card, 6000, BookingStatus.AwaitingPayment, held),
            Paid("OWE-0003", 6000, DateTimeOffset.UtcNow.AddDays(-1), 10m),
            Free("OWE-0004"),
            Unpaid("OWE-0005", PaymentMethod.AnotherWay, 6000, BookingStatus.Cancelled),
            Paid("OWE-0006", 6000, DateTimeOffset.UtcNow.AddDays(-2), 10m, refunded: 1500, refundedUtc: DateTimeOffset.UtcNow.AddHours(-1)),
            Paid("OWE-0007", 6000, DateTimeOffset.UtcNow.AddDays(-3), 10m, refunded: 6000, refundedUtc: DateTimeOffset.UtcNow.AddHours(-2), status: BookingStatus.Cancelled));

        var owed = await app.Get<IRegisterService>().OwedAsync(CancellationToken.None);
        var register = (await app.Get<IRegisterService>().GetAsync(course.Id, CancellationToken.None))!;

        Assert.Equal((12000L, 2, 1), (owed.Pence, owed.Families, owed.PayingByCardNow));
        Assert.Equal(new CourseOwed(course.Id, course.Title, 12000, 2), Assert.Single(owed.Courses));
        var words = register.Booked.ToDictionary(e => e.Reference, e => e.PaymentSummary);
        Assert.Equal("Unpaid £60.00: bank transfer or cash", words["OWE-0001"]);
        Assert.StartsWith("Unpaid £60.00: paying by card now (place held until ", words["OWE-0002"], StringComparison.Ordinal);
        Assert.StartsWith("Paid £60.00 on ", words["OWE-0003"], StringComparison.Ordinal);
        Assert.Equal("Free place", words["OWE-0004"]);
        Assert.Equal("Part refunded: £15.00 of £60.00 given back", words["OWE-0006"]);
        Assert.Equal(5, words.Count);
        Assert.Equal("Refunded £60.00", Assert.Single(register.CancelledWithPayments).PaymentSummary);

        var payments = Encoding.UTF8.GetString(PaymentsCsv.Write(register)).TrimStart('\uFEFF');
        Assert.Equal(7, payments.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length); // header, 5 places, 1 refund
        Assert.Contains("OWE-0006,Sam Smith,Card,60.00,60.00,", payments, StringComparison.Ordinal);
        Assert.Contains("OWE-0004,Sam Smith,Free place,0.00,0.00,,0.00,,0.00,,Free place", payments, StringComparison.Ordinal);
    }

    private static async Task<string> GetCsvAsync(AppServices app, string query)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?" + query);
        context.Request.Headers.Accept = "text/csv";
        var result = await new ManageReportsHttp(app.Get<DonationReportService>()).GetDonationReport(context.Request, CancellationToken.None);
        var file = Assert.IsType<FileContentResult>(result);
        Assert.Equal("no-store", context.Response.Headers.CacheControl.ToString());
        return Encoding.UTF8.GetString(file.FileContents).TrimStart('\uFEFF');
    }

    private static async Task<Course> AddCourseAsync(AppServices app, Course course)
    {
        Assert.True(await app.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None));
        return course;
    }

    private static async Task AddAsync(AppServices app, Course course, params Booking[] bookings)
    {
        var store = app.Get<ICoursePartitionStore>();
        var changes = (await store.LoadAsync(course.Id, CancellationToken.None))!.Change(DateTimeOffset.UtcNow);
        foreach (var booking in bookings)
        {
            changes.AddBooking(booking);
        }

        await store.CommitAsync(changes, CancellationToken.None);
    }

    private static Booking Family(string reference, BookingStatus status) => new()
    {
        Reference = reference,
        Status = status,
        ParentName = "Sam Smith",
        Email = reference.ToLowerInvariant() + "@example.co.uk",
        BabyFirstName = "Ada",
        BabyDateOfBirth = new DateOnly(2026, 3, 1),
        CreatedUtc = DateTimeOffset.UtcNow,
        CancelledUtc = status == BookingStatus.Cancelled ? DateTimeOffset.UtcNow : null,
        CancellationReason = status == BookingStatus.Cancelled ? CancellationReason.ByFamily : null,
    };

    private static Booking Paid(
        string reference, long pence, DateTimeOffset paidUtc, decimal percent, long refunded = 0, DateTimeOffset? refundedUtc = null,
        BookingStatus status = BookingStatus.Confirmed, PaymentMethod method = PaymentMethod.Card) =>
        Family(reference, status) with
        {
            Payment = new BookingPayment
            {
                Method = method,
                AmountPence = pence,
                PaymentIntentId = method == PaymentMethod.Card ? "pi_" + reference : null,
                PaidPence = pence,
                PaidUtc = paidUtc,
                DonationPercent = percent,
                RefundDuePence = refunded,
                RefundedPence = refunded,
                RefundedUtc = refundedUtc,
            },
        };

    private static Booking Unpaid(string reference, PaymentMethod method, long pence, BookingStatus status = BookingStatus.Confirmed, DateTimeOffset? heldUntil = null) =>
        Family(reference, status) with { Payment = new BookingPayment { Method = method, AmountPence = pence, HeldUntilUtc = heldUntil } };

    private static Booking Free(string reference) => Family(reference, BookingStatus.Confirmed) with { IsFreePlace = true };
}
