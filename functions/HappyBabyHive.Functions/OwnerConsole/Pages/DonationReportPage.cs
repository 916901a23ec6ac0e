using System.Globalization;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.Pages.Console;
using HappyBabyHive.Payments.Donations;
using HappyBabyHive.Time;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace HappyBabyHive.OwnerConsole.Pages;

/// <summary>
/// The charity donation report in the console (<see cref="DonationReportView"/>): the period comes from the address
/// (from + to, or from + last from the date picker; this month when none), so every report can be bookmarked.
/// </summary>
public sealed class DonationReportPage(ConsolePage page, DonationReportService donations, TimeProvider time)
{
    public static string Url(HttpRequest request) => ConsolePaths.Base(request) + "/reports/donations";

    /// <summary>The period the request asks for, this month when it asks for none; null with a reason when it can't be used.</summary>
    public DonationPeriod? Period(HttpRequest request, out string? problem)
    {
        var query = request.Query;
        if (!query.ContainsKey("from") && !query.ContainsKey("to") && !query.ContainsKey("last"))
        {
            problem = null;
            return DonationPeriod.ThisMonth(UkTime.Today(time));
        }

        return DonationPeriod.TryParse(query["from"], query["to"], query["last"], out problem);
    }

    public async Task<IActionResult> RenderAsync(HttpRequest request, OwnerSession session, CancellationToken cancellationToken)
    {
        var url = Url(request);
        var today = UkTime.Today(time);
        var period = Period(request, out var problem);
        var asked = period ?? DonationPeriod.ThisMonth(today);
        var model = new DonationReportModel(url, Link(url, DonationPeriod.ThisMonth(today)), Link(url, DonationPeriod.LastQuarter(today)), Date(asked.From), Date(asked.LastDay))
        {
            Problem = problem,
            Result = period is null ? null : Result(url, await donations.ReportAsync(period, cancellationToken)),
        };
        return await page.RenderAsync<DonationReportView>(
            request, session, ConsoleSection.Reports, "Charity donation report", model, period is null ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);
    }

    /// <summary>The report as a CSV download; null when the period can't be used.</summary>
    public async Task<FileContentResult?> CsvAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (Period(request, out _) is not { } period)
        {
            return null;
        }

        var report = await donations.ReportAsync(period, cancellationToken);
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        request.HttpContext.Response.Headers.XContentTypeOptions = "nosniff";
        return new FileContentResult(DonationReportCsv.Write(report), DonationReportCsv.ContentType) { FileDownloadName = DonationReportCsv.FileName(period) };
    }

    private static DonationReportResult Result(string url, DonationPeriodReport report)
    {
        var period = report.Period;
        var totals = report.Report.Totals;
        return new DonationReportResult(
            $"{LongDate(period.From)} to {LongDate(period.LastDay)}",
            Link(url + "/csv", period),
            $"{UkDateFormat.DayAndDate(report.GeneratedUtc)} at {UkDateFormat.Clock(report.GeneratedUtc)}",
            report.Report.Courses.Select(l => new DonationRow(
                l.CourseTitle, l.PlacesPaid, Pounds(l.Received), Pounds(l.Refunded), Pounds(l.NetReceived),
                string.Join(", ", l.DonationPercents.Select(p => p.ToString("0.##", CultureInfo.InvariantCulture) + "%")), Pounds(l.Donation))).ToList(),
            new DonationRow("Total", totals.PlacesPaid, Pounds(totals.Received), Pounds(totals.Refunded), Pounds(totals.NetReceived), string.Empty, Pounds(totals.Donation)),
            DonationReport.RoundingRule,
            report.PaymentsWithoutRecordedPercent == 0
                ? null
                : $"{report.PaymentsWithoutRecordedPercent.ToString(CultureInfo.InvariantCulture)} of these payments had no donation rate recorded, so today's rate ({report.PercentUsedForThem?.ToString("0.##", CultureInfo.InvariantCulture)}%) was used for them.");
    }

    private static string Link(string url, DonationPeriod period) => $"{url}?from={Date(period.From)}&to={Date(period.To)}";

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string LongDate(DateOnly date) => date.ToString("d MMMM yyyy", UkDateFormat.Culture);

    private static string Pounds(decimal pounds) => pounds.ToString("£#,0.00", UkDateFormat.Culture);
}
