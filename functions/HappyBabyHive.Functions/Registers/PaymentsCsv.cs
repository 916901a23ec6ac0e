using System.Globalization;
using CsvHelper;
using HappyBabyHive.Time;

namespace HappyBabyHive.Registers;

/// <summary>
/// A course's money as a CSV file: one row per family holding a place (free places say so) and per cancelled booking
/// that had money received, so refunds stay on record. Amounts are plain numbers in pounds ("60.00") so a spreadsheet
/// can add them up; dates are UK dates. Written like the register CSV: formula-looking cells made text, UTF-8 with a
/// byte order mark.
/// </summary>
public static class PaymentsCsv
{
    public const string ContentType = RegisterCsv.ContentType;

    public static readonly IReadOnlyList<string> Columns =
        ["Reference", "Parent", "Method", "Amount", "Paid", "Paid date (UK)", "Refunded", "Refunded date (UK)", "Net", "Donation percentage", "Status"];

    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        Injection = CsvInjection.Escape,
        WriteByteOrderMark = true,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    public static string FileName(string courseId) => $"payments-{courseId}.csv";

    public static byte[] Write(CourseRegister register)
    {
        using var output = new MemoryStream();
        using (var csv = CsvWriter.Create(output, Options, leaveOpen: true))
        {
            csv.WriteHeader([.. Columns]);
            foreach (var entry in register.Booked.Concat(register.CancelledWithPayments))
            {
                var payment = entry.Payment;
                csv.WriteRecord(
                [
                    entry.Reference,
                    entry.ParentName,
                    PaymentWords.Method(entry.IsFreePlace, payment),
                    Pounds(payment?.AmountPence ?? 0),
                    Pounds(payment?.PaidPence ?? 0),
                    UkDate(payment?.PaidUtc),
                    Pounds(payment?.RefundedPence ?? 0),
                    UkDate(payment?.RefundedUtc),
                    Pounds(payment?.NetPence ?? 0),
                    payment?.DonationPercent?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                    entry.Status == Courses.BookingStatus.Cancelled ? "Cancelled: " + entry.PaymentSummary : entry.PaymentSummary,
                ]);
            }
        }

        return output.ToArray();
    }

    private static string Pounds(long pence) => (pence / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    private static string UkDate(DateTimeOffset? utc) =>
        utc is { } at ? UkTime.ToUk(at).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : string.Empty;
}
