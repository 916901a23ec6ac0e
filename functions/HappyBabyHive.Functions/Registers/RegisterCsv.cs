using System.Globalization;
using CsvHelper;
using HappyBabyHive.Time;

namespace HappyBabyHive.Registers;

/// <summary>
/// A course's register as a CSV file for a spreadsheet: booked families first, then the waitlist in order. Cells a
/// spreadsheet would run as a formula (starting = + - @, tab or CR) get a leading ' so they show as text: a family's
/// name is never code on the owner's computer. UTF-8 with a byte order mark, so Excel shows accented names properly.
/// "Payment" says where a booked family's money stands (<see cref="PaymentWords"/>); the money in detail is the
/// payments CSV (<see cref="PaymentsCsv"/>). After the fixed <see cref="Columns"/> comes one column per session
/// ("Came 2026-12-01"): "Yes" for each family ticked as there, so the spreadsheet doubles as the attendance record.
/// </summary>
public static class RegisterCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static readonly IReadOnlyList<string> Columns =
        ["Reference", "Parent", "Phone", "Email", "Baby", "Baby's age at first session", "Date of birth", "Place", "Booked (UK time)", "Payment"];

    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        Injection = CsvInjection.Escape,
        WriteByteOrderMark = true,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    public static string FileName(string courseId) => $"register-{courseId}.csv";

    /// <summary>The attendance columns after <see cref="Columns"/>: one per session, named by its UK date.</summary>
    public static IReadOnlyList<string> SessionColumns(CourseRegister register) =>
        register.SessionDates.Select(d => "Came " + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();

    public static byte[] Write(CourseRegister register)
    {
        using var output = new MemoryStream();
        using (var csv = CsvWriter.Create(output, Options, leaveOpen: true))
        {
            var sessions = register.SessionDates;
            csv.WriteHeader([.. Columns, .. SessionColumns(register)]);
            var openOffers = register.Offers.Where(o => o.Status == Courses.BookingStatus.Offered);
            foreach (var entry in register.Booked.Concat(openOffers).Concat(register.Waitlist))
            {
                csv.WriteRecord(
                [
                    entry.Reference,
                    entry.ParentName,
                    entry.Phone ?? string.Empty,
                    entry.Email,
                    entry.BabyFirstName,
                    entry.BabyAgeAtFirstSession,
                    entry.BabyDateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    Place(entry),
                    UkTime.ToUk(entry.BookedUtc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    entry.WaitlistPosition is null && entry.Status != Courses.BookingStatus.Offered ? entry.PaymentSummary : string.Empty,
                    .. sessions.Select(d => entry.AttendedSessions.Contains(d) ? "Yes" : string.Empty),
                ]);
            }
        }

        return output.ToArray();
    }

    public static string Place(RegisterEntry entry) => entry switch
    {
        { Status: Courses.BookingStatus.Offered, OfferExpiresUtc: { } until } => "Offered until " + UkTime.ToUk(until).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        { WaitlistPosition: { } position } => $"Waitlist {position}",
        { IsFreePlace: true } => "Free",
        _ => "Paid",
    };
}
