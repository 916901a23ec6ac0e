namespace HappyBabyHive.Pages.Console;

/// <summary>The charity donation report for a period, with the period picker.</summary>
/// <param name="PageUrl">The report page (the picker's form submits to it).</param>
/// <param name="ThisMonthUrl">The page for the UK calendar month today is in.</param>
/// <param name="LastQuarterUrl">The page for the calendar quarter before this one.</param>
/// <param name="From">The custom picker's first day as yyyy-MM-dd (what was asked for, or the period shown).</param>
/// <param name="LastDay">The custom picker's last day (included) as yyyy-MM-dd.</param>
public sealed record DonationReportModel(string PageUrl, string ThisMonthUrl, string LastQuarterUrl, string From, string LastDay)
{
    /// <summary>Why the dates asked for couldn't be used (the page then shows no report).</summary>
    public string? Problem { get; init; }

    public DonationReportResult? Result { get; init; }
}

/// <param name="Period">In words, e.g. "1 November 2026 to 30 November 2026".</param>
/// <param name="CsvUrl">This report as a spreadsheet.</param>
/// <param name="Generated">When it was worked out, in words: refunds up to then are counted.</param>
/// <param name="Unrecorded">A note when some payments had no percentage recorded, or null.</param>
public sealed record DonationReportResult(
    string Period, string CsvUrl, string Generated, IReadOnlyList<DonationRow> Courses, DonationRow Totals, string Rounding, string? Unrecorded);

/// <param name="Percentages">e.g. "10%" or "10%, 12.5%" when the setting changed in the period; empty on the totals row.</param>
public sealed record DonationRow(string Course, int PlacesPaid, string Received, string Refunded, string Net, string Percentages, string Donation);
