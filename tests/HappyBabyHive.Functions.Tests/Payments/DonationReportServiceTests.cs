using System.Text;
using HappyBabyHive.Courses;
using HappyBabyHive.Functions;
using HappyBabyHive.Http;
using HappyBabyHive.OwnerConsole.Pages;
using HappyBabyHive.Payments.Donations;
using HappyBabyHive.Registers;
using HappyBabyHive.Settings;
using HappyBabyHive.Tests.OwnerConsole;
using HappyBabyHive.Tests.Support;
using HappyBabyHive.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Moq;

namespace HappyBabyHive.Tests.Payments;

/// <summary>The donation report's period, service, admin API and console page, and the payments CSV, over fakes.</summary>
public sealed class DonationReportServiceTests
{
    private static readonly string Hostile = HostileHtml.AllInOne;

    private readonly SignedIn owner = new(); // its clock: 25 November 2026, 12:00 UTC
    private readonly Mock<IPaidBookings> paid = new();
    private readonly Mock<ICourseStore> courses = new();
    private readonly Mock<IBusinessSettingsStore> settings = new();

    public DonationReportServiceTests()
    {
        paid.Setup(p => p.ListPaidAsync(It.IsAny<DateTimeOffset>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        courses.Setup(c => c.ListAllAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);
        settings.Setup(s => s.GetAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new BusinessSettings("Talk to your health visitor.", 15m, null));
    }

    private DonationReportService Service => new(paid.Object, courses.Object, settings.Object, owner.Clock);

    private static PaidBooking Payment(string course, string reference, long pence, decimal? percent, long refunded = 0, bool free = false) =>
        new(course, reference, free, new BookingPayment { Method = PaymentMethod.Card, AmountPence = pence, PaidPence = pence, PaidUtc = DateTimeOffset.UnixEpoch, DonationPercent = percent, RefundedPence = refunded });

    [Theory]
    [InlineData("2026-11-01", "2026-12-01", null, "2026-11-01", "2026-12-01")]
    [InlineData("2026-11-01", null, "2026-11-30", "2026-11-01", "2026-12-01")] // the picker's last day is included
    [InlineData("2026-01-01", "2027-01-01", null, "2026-01-01", "2027-01-01")] // a whole year
    [InlineData("2028-01-01", "2029-01-01", null, "2028-01-01", "2029-01-01")] // a leap year: 366 days
    public void A_period_is_read_from_uk_dates_with_the_end_not_included(string from, string? to, string? last, string expectedFrom, string expectedTo)
    {
        var period = DonationPeriod.TryParse(from, to, last, out var problem);

        Assert.Null(problem);
        Assert.Equal((DateOnly.Parse(expectedFrom, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(expectedTo, System.Globalization.CultureInfo.InvariantCulture)), (period!.From, period.To));
    }

    [Theory]
    [InlineData(null, "2026-12-01", null)]
    [InlineData("2026-11-01", null, null)]
    [InlineData("01/11/2026", "2026-12-01", null)]
    [InlineData("2026-11-31", "2026-12-01", null)]
    [InlineData("2026-11-01", "2026-11-01", null)] // empty
    [InlineData("2026-12-01", "2026-11-01", null)] // backwards
    [InlineData("2026-01-01", "2027-01-03", null)] // longer than a year and a day
    [InlineData("2026-11-01", "2026-12-01T00:00", null)]
    [InlineData("<script>", "2026-12-01", null)]
    [InlineData("2026-11-01", null, "9999-12-31")]
    public void A_period_that_cant_be_used_says_why(string? from, string? to, string? last)
    {
        Assert.Null(DonationPeriod.TryParse(from, to, last, out var problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Fact]
    public void Uk_midnight_is_the_boundary_in_summer_and_in_winter()
    {
        var june = new DonationPeriod(new DateOnly(2026, 6, 1), new DateOnly(2026, 7, 1));
        var december = new DonationPeriod(new DateOnly(2026, 12, 1), new DateOnly(2027, 1, 1));

        Assert.Equal((new DateTimeOffset(2026, 5, 31, 23, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 6, 30, 23, 0, 0, TimeSpan.Zero)), (june.FromUtc, june.ToUtc));
        Assert.Equal((new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero)), (december.FromUtc, december.ToUtc));
    }

    [Theory]
    [InlineData("2026-11-25", "2026-11-01", "2026-12-01", "2026-07-01", "2026-10-01")]
    [InlineData("2026-01-15", "2026-01-01", "2026-02-01", "2025-10-01", "2026-01-01")] // last quarter crosses the year
    [InlineData("2026-03-31", "2026-03-01", "2026-04-01", "2025-10-01", "2026-01-01")]
    [InlineData("2026-04-01", "2026-04-01", "2026-05-01", "2026-01-01", "2026-04-01")]
    public void This_month_and_last_quarter_are_calendar_periods(string today, string monthFrom, string monthTo, string quarterFrom, string quarterTo)
    {
        var day = DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(new DonationPeriod(DateOnly.Parse(monthFrom, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(monthTo, System.Globalization.CultureInfo.InvariantCulture)), DonationPeriod.ThisMonth(day));
        Assert.Equal(new DonationPeriod(DateOnly.Parse(quarterFrom, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(quarterTo, System.Globalization.CultureInfo.InvariantCulture)), DonationPeriod.LastQuarter(day));
    }

    [Fact]
    public async Task The_service_asks_storage_for_the_periods_utc_instants_and_leaves_free_places_and_unpaid_records_out()
    {
        var period = new DonationPeriod(new DateOnly(2026, 6, 1), new DateOnly(2026, 7, 1));
        courses.Setup(c => c.ListAllAsync(It.IsAny<CancellationToken>())).ReturnsAsync([SampleCourses.Massage(new DateOnly(2026, 6, 2), id: "c1") with { Title = "Massage" }]);
        paid.Setup(p => p.ListPaidAsync(period.FromUtc, period.ToUtc, It.IsAny<CancellationToken>())).ReturnsAsync(
        [
            Payment("c1", "A", 6000, 10m),
            Payment("c1", "B", 6000, 10m, free: true),
            Payment("c1", "C", 0, 10m),
            Payment("gone", "D", 5000, 10m, refunded: 9999), // a course since deleted keeps its id as its name; refunds cap at the payment
        ]);

        var report = await Service.ReportAsync(period, CancellationToken.None);

        Assert.Equal([("gone", 0, 0m), ("Massage", 1, 6.00m)], report.Report.Courses.Select(l => (l.CourseTitle, l.PlacesPaid, l.Donation)));
        Assert.Equal(new DonationTotals(1, 110m, 50m, 60m, 6.00m), report.Report.Totals);
        settings.Verify(s => s.GetAsync(It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_payment_with_no_percentage_recorded_takes_todays_setting_and_the_report_says_how_many()
    {
        paid.Setup(p => p.ListPaidAsync(It.IsAny<DateTimeOffset>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>())).ReturnsAsync(
            [Payment("c1", "A", 6000, null), Payment("c1", "B", 6000, 10m)]);

        var report = await Service.ReportAsync(DonationPeriod.ThisMonth(new DateOnly(2026, 11, 25)), CancellationToken.None);

        Assert.Equal((1, 15m, 15.00m), (report.PaymentsWithoutRecordedPercent, report.PercentUsedForThem, report.Report.Totals.Donation)); // £9 + £6
    }

    [Theory]
    [InlineData("to=2026-12-01", "bad-period")]
    [InlineData("from=2026-11-01", "bad-period")]
    [InlineData("from=2026-13-01&to=2026-12-01", "bad-period")]
    [InlineData("from=2025-01-01&to=2026-12-01", "bad-period")]
    [InlineData("from=2026-11-01&to=2026-12-01&format=xml", "bad-format")]
    public async Task The_admin_api_answers_bad_dates_with_a_problem_and_reads_nothing(string query, string type)
    {
        var result = await new ManageReportsHttp(Service).GetDonationReport(Get(query), CancellationToken.None);

        var problem = Assert.IsAssignableFrom<ObjectResult>(result);
        Assert.Equal(400, problem.StatusCode);
        Assert.Equal("urn:happybabyhive:problem:" + type, Assert.IsAssignableFrom<ProblemDetails>(problem.Value).Type);
        paid.Verify(p => p.ListPaidAsync(It.IsAny<DateTimeOffset>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Theory]
    [InlineData("from=2026-11-01&to=2026-12-01", null, false)]
    [InlineData("from=2026-11-01&to=2026-12-01&format=json", "text/csv", false)]
    [InlineData("from=2026-11-01&to=2026-12-01&format=csv", null, true)]
    [InlineData("from=2026-11-01&to=2026-12-01", "text/csv", true)]
    public async Task The_admin_api_answers_json_by_default_and_csv_when_asked(string query, string? accept, bool csv)
    {
        paid.Setup(p => p.ListPaidAsync(It.IsAny<DateTimeOffset>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>())).ReturnsAsync([Payment("c1", "A", 5500, 12.5m)]);
        var request = Get(query, accept);

        var result = await new ManageReportsHttp(Service).GetDonationReport(request, CancellationToken.None);

        Assert.Equal("no-store", request.HttpContext.Response.Headers.CacheControl.ToString());
        if (csv)
        {
            var file = Assert.IsType<FileContentResult>(result);
            Assert.Equal(("text/csv; charset=utf-8", "donations-2026-11-01-to-2026-11-30.csv"), (file.ContentType, file.FileDownloadName));
            var text = Encoding.UTF8.GetString(file.FileContents).TrimStart('\uFEFF');
            Assert.Contains("Total,,1,55.00,0.00,55.00,,6.88", text, StringComparison.Ordinal);
        }
        else
        {
            var json = Assert.IsType<DonationReportResponse>(Assert.IsType<OkObjectResult>(result).Value);
            Assert.Equal((new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 1), new DateOnly(2026, 11, 30), 6.88m), (json.From, json.To, json.LastDay, json.Totals.Donation));
            Assert.Equal(DonationReport.RoundingRule, json.Rounding);
        }
    }

    [Fact]
    public void The_report_csv_makes_course_titles_a_spreadsheet_would_run_into_text()
    {
        var report = new DonationPeriodReport(
            DonationPeriod.ThisMonth(new DateOnly(2026, 11, 1)),
            DonationCalculator.Calculate([new DonationPayment("c1", "=HYPERLINK(\"http://evil.example\")", "pi_1", 6000, 0, 10m)]),
            DateTimeOffset.UnixEpoch);

        var text = Encoding.UTF8.GetString(DonationReportCsv.Write(report));

        Assert.Contains("'=HYPERLINK", text, StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_console_page_shows_the_report_with_hostile_course_titles_as_text()
    {
        courses.Setup(c => c.ListAllAsync(It.IsAny<CancellationToken>())).ReturnsAsync([SampleCourses.Massage(new DateOnly(2026, 11, 3), id: "c1") with { Title = Hostile + "title" }]);
        paid.Setup(p => p.ListPaidAsync(It.IsAny<DateTimeOffset>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>())).ReturnsAsync(
            [Payment("c1", "A", 5500, 12.5m), Payment("c1", "B", 6000, 10m, refunded: 1000)]);

        var result = Assert.IsType<ContentResult>(await Console().ConsoleDonationReport(owner.Get("/api/console/reports/donations"), CancellationToken.None));
        using var page = ConsoleTestSupport.Parse(result);

        Assert.Equal(200, result.StatusCode);
        HostileHtml.AssertOnlyText(result.Content!, Hostile + "title");
        Assert.Equal("1 November 2026 to 30 November 2026", page.GetElementById("period")!.TextContent); // this month by default
        Assert.Equal([Hostile + "title", "2", "£115.00", "£10.00", "£105.00", "10%, 12.5%", "£11.88"], page.QuerySelectorAll("table.donations tbody tr > *").Select(c => c.TextContent));
        Assert.Equal(["Total", "2", "£115.00", "£10.00", "£105.00", "", "£11.88"], page.QuerySelectorAll("table.donations tfoot tr > *").Select(c => c.TextContent));
        Assert.Equal("/api/console/reports/donations/csv?from=2026-11-01&to=2026-12-01", page.QuerySelector("a[download]")!.GetAttribute("href"));
        Assert.Equal("/api/console/reports/donations?from=2026-07-01&to=2026-10-01", page.QuerySelectorAll(".actions a.button.secondary")[^1].GetAttribute("href"));
        Assert.Equal(("2026-11-01", "2026-11-30"), (page.GetElementById("from")!.GetAttribute("value"), page.GetElementById("last")!.GetAttribute("value")));
    }

    [Fact]
    public async Task The_console_page_refuses_a_bad_period_with_the_reason_and_reads_nothing()
    {
        var result = Assert.IsType<ContentResult>(await Console().ConsoleDonationReport(
            owner.Get("/api/console/reports/donations?from=2026-11-30&last=2026-11-01"), CancellationToken.None));
        using var page = ConsoleTestSupport.Parse(result);

        Assert.Equal(400, result.StatusCode);
        Assert.Equal("The end must be after the start.", page.QuerySelector("[role=alert]")!.TextContent);
        Assert.Null(page.QuerySelector("table"));
        paid.Verify(p => p.ListPaidAsync(It.IsAny<DateTimeOffset>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task The_console_csv_follows_the_pickers_last_day_and_is_never_cached()
    {
        var request = owner.Get("/api/console/reports/donations/csv?from=2026-10-01&last=2026-12-31");

        var file = Assert.IsType<FileContentResult>(await Console().ConsoleDonationReportCsv(request, CancellationToken.None));

        Assert.Equal("donations-2026-10-01-to-2026-12-31.csv", file.FileDownloadName);
        Assert.Equal(("no-store", "nosniff"), (request.HttpContext.Response.Headers.CacheControl.ToString(), request.HttpContext.Response.Headers.XContentTypeOptions.ToString()));
        paid.Verify(p => p.ListPaidAsync(new DateTimeOffset(2026, 9, 30, 23, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task Without_a_session_the_console_report_redirects_and_reads_nothing()
    {
        var result = await Console().ConsoleDonationReport(ConsoleTestSupport.WithCookie(null, "GET", "/api/console/reports/donations"), CancellationToken.None);

        Assert.Equal(303, Assert.IsType<StatusCodeResult>(result).StatusCode);
        paid.VerifyNoOtherCalls();
    }

    [Fact]
    public void The_payments_csv_has_a_row_per_place_and_refund_with_formula_looking_names_made_text()
    {
        var course = SampleCourses.Massage(new DateOnly(2026, 12, 1));
        var when = new DateTimeOffset(2026, 6, 30, 23, 30, 0, TimeSpan.Zero); // 1 July in the UK
        RegisterEntry Entry(string reference, string parent, bool free = false) =>
            new(reference, parent, "a@example.co.uk", null, "Ada", new DateOnly(2026, 9, 1), "13 weeks", free, when, null);
        var register = new CourseRegister(
            course,
            [
                Entry("AAAA-0001", "=cmd|' /C calc'!A0") with { Payment = new BookingPayment { Method = PaymentMethod.Card, AmountPence = 6000, PaidPence = 6000, PaidUtc = when, DonationPercent = 12.5m } },
                Entry("AAAA-0002", "Jo", free: true),
                Entry("AAAA-0003", "Sam") with { Payment = new BookingPayment { Method = PaymentMethod.AnotherWay, AmountPence = 6000 } },
            ],
            [])
        {
            CancelledWithPayments =
            [
                Entry("AAAA-0004", "Kim") with
                {
                    Status = BookingStatus.Cancelled,
                    Payment = new BookingPayment { Method = PaymentMethod.Card, AmountPence = 6000, PaidPence = 6000, PaidUtc = when, DonationPercent = 10m, RefundedPence = 4500, RefundedUtc = when.AddDays(3) },
                },
            ],
        };

        var lines = Encoding.UTF8.GetString(PaymentsCsv.Write(register)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(string.Join(',', PaymentsCsv.Columns), lines[0]);
        Assert.Equal("AAAA-0001,\"'=cmd|' /C calc'!A0\",Card,60.00,60.00,2026-07-01,0.00,,60.00,12.5,Paid £60.00 on 1 Jul", lines[1]);
        Assert.Equal("AAAA-0002,Jo,Free place,0.00,0.00,,0.00,,0.00,,Free place", lines[2]);
        Assert.Equal("AAAA-0003,Sam,Bank transfer or cash,60.00,0.00,,0.00,,0.00,,Unpaid £60.00: bank transfer or cash", lines[3]);
        Assert.Equal("AAAA-0004,Kim,Card,60.00,60.00,2026-07-01,45.00,2026-07-04,15.00,10,Cancelled: Part refunded: £45.00 of £60.00 given back", lines[4]);
        Assert.Equal(5, lines.Length);
    }

    [Theory]
    [InlineData(6000, 0, 0, 0, "Unpaid £60.00: bank transfer or cash")]
    [InlineData(6000, 6000, 0, 0, "Paid £60.00")]
    [InlineData(6000, 6000, 2000, 2000, "Part refunded: £20.00 of £60.00 given back")]
    [InlineData(6000, 6000, 6000, 6000, "Refunded £60.00")]
    [InlineData(6000, 6000, 0, 6000, "Paid £60.00 (refund of £60.00 on its way)")]
    [InlineData(123456, 123456, 0, 0, "Paid £1,234.56")]
    public void The_registers_words_follow_the_payment(long amount, long paidPence, long refunded, long refundDue, string expected)
    {
        var payment = new BookingPayment { Method = PaymentMethod.AnotherWay, AmountPence = amount, PaidPence = paidPence, RefundedPence = refunded, RefundDuePence = refundDue };

        Assert.Equal(expected, PaymentWords.Describe(false, payment));
        Assert.Equal("Free place", PaymentWords.Describe(true, payment));
        Assert.Equal("No payment recorded", PaymentWords.Describe(false, null));
    }

    private ConsoleReportsHttp Console() => new(owner.Guard(), new DonationReportPage(ConsoleTestSupport.Page(), Service, owner.Clock));

    private static HttpRequest Get(string query, string? accept = null)
    {
        var request = HttpRequests.Get();
        request.QueryString = new QueryString("?" + query);
        if (accept is not null)
        {
            request.Headers.Accept = accept;
        }

        return request;
    }
}
