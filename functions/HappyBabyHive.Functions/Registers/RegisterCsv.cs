using System.Globalization;
using CsvHelper;
using HappyBabyHive.Time;

namespace HappyBabyHive.Registers;

/// <summary>
/// A course's register as a CSV file for a spreadsheet: booked families first, then the waitlist in order. Cells a
/// spreadsheet would run as a formula (starting = + - @, tab or CR) get a leading ' so they show as text: a family's
/// name is never code on the owner's computer. UTF-8 with a byte order mark, so Excel shows accented names properly.
/// </summary>
public static class RegisterCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static readonly IReadOnlyList<string> Columns =
        ["Reference", "Parent", "Phone", "Email", "Baby", "Baby's age at first session", "Date of birth", "Place", "Booked (UK time)"];

    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        Injection = CsvInjection.Escape,
        WriteByteOrderMark = true,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    public static string FileName(string courseId) => $"register-{courseId}.csv";

    public static byte[] Write(CourseRegister register)
    {
        using var output = new MemoryStream();
        using (var csv = CsvWriter.Create(output, Options, leaveOpen: true))
        {
            csv.WriteHeader([.. Columns]);
            foreach (var entry in register.Booked.Concat(register.Waitlist))
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
                ]);
            }
        }

        return output.ToArray();
    }

    public static string Place(RegisterEntry entry) => entry switch
    {
        { WaitlistPosition: { } position } => $"Waitlist {position}",
        { IsFreePlace: true } => "Free",
        _ => "Paid",
    };
}
