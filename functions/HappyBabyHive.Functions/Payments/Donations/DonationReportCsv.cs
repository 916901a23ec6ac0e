using System.Globalization;
using CsvHelper;

namespace HappyBabyHive.Payments.Donations;

/// <summary>
/// The donation report as a CSV file: a row per course, the totals row at the bottom, then the rounding rule. Amounts
/// are plain numbers in pounds ("60.00") so a spreadsheet can add them up. Course titles are the owner's text: cells a
/// spreadsheet would run as a formula get a leading ', as in the register CSV.
/// </summary>
public static class DonationReportCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static readonly IReadOnlyList<string> Columns =
        ["Course", "Course id", "Places paid", "Received", "Refunded", "Net received", "Donation percentage", "Donation owed"];

    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        Injection = CsvInjection.Escape,
        WriteByteOrderMark = true,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    public static string FileName(DonationPeriod period) =>
        $"donations-{period.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}-to-{period.LastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.csv";

    public static byte[] Write(DonationPeriodReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var output = new MemoryStream();
        using (var csv = CsvWriter.Create(output, Options, leaveOpen: true))
        {
            csv.WriteHeader([.. Columns]);
            foreach (var line in report.Report.Courses)
            {
                csv.WriteRecord(
                [
                    line.CourseTitle,
                    line.CourseId,
                    line.PlacesPaid.ToString(CultureInfo.InvariantCulture),
                    Pounds(line.Received),
                    Pounds(line.Refunded),
                    Pounds(line.NetReceived),
                    Percents(line.DonationPercents),
                    Pounds(line.Donation),
                ]);
            }

            var totals = report.Report.Totals;
            csv.WriteRecord(
            [
                "Total",
                string.Empty,
                totals.PlacesPaid.ToString(CultureInfo.InvariantCulture),
                Pounds(totals.Received),
                Pounds(totals.Refunded),
                Pounds(totals.NetReceived),
                string.Empty,
                Pounds(totals.Donation),
            ]);
            csv.WriteRecord([DonationReport.RoundingRule, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty]);
        }

        return output.ToArray();
    }

    /// <summary>The percentages that applied, e.g. "10; 12.5" when the setting changed in the period.</summary>
    public static string Percents(IReadOnlyList<decimal> percents) =>
        string.Join("; ", percents.Select(p => p.ToString("0.##", CultureInfo.InvariantCulture)));

    private static string Pounds(decimal pounds) => pounds.ToString("0.00", CultureInfo.InvariantCulture);
}
