using System.Text;
using CsvHelper;
using HappyBabyHive.Registers;
using HappyBabyHive.Tests.Support;

namespace HappyBabyHive.Tests.Registers;

public sealed class RegisterCsvTests
{
    private static readonly DateTimeOffset SummerBooking = new(2027, 6, 1, 9, 5, 0, TimeSpan.Zero);

    private static RegisterEntry Entry(string reference, string parent = "Sam Smith", string? phone = "07700 900123", bool free = false, int? waitlist = null) =>
        new(reference, parent, "sam@example.co.uk", phone, "Ada", new DateOnly(2027, 4, 1), "14 weeks", free, SummerBooking, waitlist);

    private static CourseRegister Register(params RegisterEntry[] entries) => new(
        SampleCourses.Massage(new DateOnly(2027, 7, 6)),
        entries.Where(e => e.WaitlistPosition is null).ToList(),
        entries.Where(e => e.WaitlistPosition is not null).ToList());

    private static List<string[]> ParseBack(byte[] csv)
    {
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), csv[..3]);
        using var reader = CsvReader.FromText(Encoding.UTF8.GetString(csv, 3, csv.Length - 3), CsvReaderOptions.Default with { HasHeader = false, Separator = ',' });
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, RegisterCsv.Columns.Count).Select(i => reader.GetString(i)).ToArray());
        }

        return rows;
    }

    [Fact]
    public void The_file_has_the_columns_then_booked_families_then_the_waitlist()
    {
        var rows = ParseBack(RegisterCsv.Write(Register(Entry("AAAA-0001"), Entry("AAAA-0002", free: true), Entry("AAAA-0003", phone: null, waitlist: 1))));

        Assert.Equal(RegisterCsv.Columns, rows[0]);
        Assert.Equal(["AAAA-0001", "Sam Smith", "07700 900123", "sam@example.co.uk", "Ada", "14 weeks", "2027-04-01", "Paid", "2027-06-01 10:05", "No payment recorded"], rows[1]);
        Assert.Equal("Free", rows[2][7]);
        Assert.Equal(("", "Waitlist 1"), (rows[3][2], rows[3][7]));
        Assert.Equal(4, rows.Count);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"click\")")]
    [InlineData("+44 7700 900123")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1:A9)")]
    [InlineData("\tTabbed")]
    [InlineData("\rReturn")]
    public void A_cell_a_spreadsheet_would_run_as_a_formula_is_made_text(string hostile)
    {
        var rows = ParseBack(RegisterCsv.Write(Register(Entry("AAAA-0001", parent: hostile, phone: hostile))));

        Assert.Equal("'" + hostile, rows[1][1]);
        Assert.Equal("'" + hostile, rows[1][2]);
    }

    [Fact]
    public void Commas_quotes_line_breaks_and_accents_survive_the_round_trip()
    {
        const string awkward = "Zoë \"Jo\" O'Brien, Jnr\nSecond line";

        var rows = ParseBack(RegisterCsv.Write(Register(Entry("AAAA-0001", parent: awkward))));

        Assert.Equal(awkward, rows[1][1]);
    }

    [Theory]
    [InlineData("2027-04-01", "2027-04-05", "4 days")]
    [InlineData("2027-04-01", "2027-04-15", "2 weeks")]
    [InlineData("2027-04-01", "2027-07-08", "14 weeks")]
    [InlineData("2027-04-01", "2027-09-30", "26 weeks")]
    [InlineData("2027-04-01", "2027-10-01", "6 months")]
    [InlineData("2027-01-31", "2027-08-30", "6 months")]
    [InlineData("2027-04-01", "2027-11-15", "7 months")]
    [InlineData("2027-04-01", "2028-04-01", "1 year")]
    [InlineData("2027-04-01", "2028-06-10", "1 year 2 months")]
    [InlineData("2027-04-01", "2027-04-01", "0 days")]
    public void A_babys_age_reads_the_way_parents_say_it(string born, string on, string words) =>
        Assert.Equal(words, BabyAge.InWords(DateOnly.Parse(born, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture)));
}
