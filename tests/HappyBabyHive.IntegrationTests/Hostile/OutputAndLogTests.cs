using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using HappyBabyHive.IntegrationTests.Support;

namespace HappyBabyHive.IntegrationTests.Hostile;

/// <summary>
/// What the app writes back out after accepting hostile (but valid) values: pages and HTML emails parsed as a browser
/// parses them, email headers as maildev received them, and every log line of the whole run.
/// </summary>
public sealed partial class OutputAndLogTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private FullJourney journey = null!;

    public async Task InitializeAsync() => journey = await FullJourney.RunAsync(emulators);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void Pages_and_emails_show_every_hostile_value_as_text_and_run_none_of_it()
    {
        var documents = journey.Pages.Select(p => ("page: " + p.Name, p.Html))
            .Concat(journey.Emails.Select(e => ("email: " + e.Name, e.Html)))
            .ToList();
        Assert.True(documents.Count >= 14, $"Only {documents.Count} pages and emails were collected.");

        var problems = new List<string>();
        var shown = new HashSet<string>(StringComparer.Ordinal);
        var parser = new HtmlParser();
        foreach (var (name, html) in documents)
        {
            using var document = parser.ParseDocument(html);
            problems.AddRange(HostileHtml.InjectedMarkup(document).Select(p => $"{name}: {p}"));
            var texts = HostileHtml.TextsAndValues(document);
            foreach (var value in journey.ShownValues.Where(v => texts.Any(t => t.Contains(v, StringComparison.Ordinal))))
            {
                shown.Add(value);
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));

        // Each value came back whole, as text, somewhere (so the checks above looked at real output, not at nothing).
        Assert.Empty(journey.ShownValues.Except(shown));
    }

    [Fact]
    public void The_note_is_shown_only_on_the_owners_review_page()
    {
        var marker = journey.PersonalMarkers[4];
        Assert.Contains(journey.Pages, p => p.Name == "free-place review page" && p.Html.Contains(marker, StringComparison.Ordinal));
        Assert.DoesNotContain(journey.Emails, e => e.Html.Contains(marker, StringComparison.Ordinal) || (e.Email.Text ?? string.Empty).Contains(marker, StringComparison.Ordinal));
    }

    [Fact]
    public void The_register_csv_shows_names_a_spreadsheet_would_run_as_text()
    {
        using var reader = CsvHelper.CsvReader.FromText(journey.RegisterCsv.TrimStart('\uFEFF'), CsvHelper.CsvReaderOptions.Default with { Separator = ',' });
        var rows = new List<(string Parent, string Baby)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString("Parent"), reader.GetString("Baby")));
        }

        Assert.Contains(("'" + FullJourney.FormulaParent, "'" + FullJourney.FormulaBaby), rows);
        Assert.Contains(rows, r => r.Parent == journey.ParentName && r.Baby == journey.BabyName);
    }

    [Fact]
    public void The_payments_csv_shows_the_family_who_paid_as_text()
    {
        using var reader = CsvHelper.CsvReader.FromText(journey.PaymentsCsv.TrimStart('\uFEFF'), CsvHelper.CsvReaderOptions.Default with { Separator = ',' });
        var rows = new List<(string Parent, string Paid)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString("Parent"), reader.GetString("Paid")));
        }

        Assert.Contains((journey.ParentName, "60.00"), rows);
        Assert.Contains(rows, r => r.Parent == "'" + FullJourney.FormulaParent);
    }

    [Fact]
    public void Email_headers_carry_no_user_supplied_line_breaks_or_extra_headers()
    {
        Assert.NotEmpty(journey.Emails);
        Assert.DoesNotContain(journey.Emails, e => e.Email.To.Any(t => t.Address.Equals(FullJourney.Injected, StringComparison.OrdinalIgnoreCase)));
        foreach (var (name, email, _) in journey.Emails)
        {
            var raw = journey.Sources[email.Id];
            var headerBlock = raw[..raw.IndexOf("\r\n\r\n", StringComparison.Ordinal)];

            // Every raw line starts a header or folds the one before: nothing a name held became a line of its own.
            foreach (var line in headerBlock.Split("\r\n"))
            {
                Assert.True(line.StartsWith(' ') || line.StartsWith('\t') || HeaderLine().IsMatch(line), $"{name}: the header line '{line}' is neither a header nor a fold.");
                Assert.True(line.All(char.IsAscii), $"{name}: raw non-ASCII in a header line (it should be RFC 2047 encoded): '{line}'");
            }

            using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(raw));
            var message = MimeKit.MimeMessage.Load(stream);
            Assert.Empty(message.Bcc);
            Assert.Empty(message.Cc);
            Assert.Single(message.Headers, h => h.Id == MimeKit.HeaderId.Subject);
            Assert.All(message.To.Mailboxes.Concat(message.ReplyTo.Mailboxes), m => Assert.NotEqual(FullJourney.Injected, m.Address, StringComparer.OrdinalIgnoreCase));
            Assert.DoesNotContain(message.Headers, h => h.Field.Equals("Bcc", StringComparison.OrdinalIgnoreCase));
        }
    }

    [GeneratedRegex("^[!-9;-~]+:")]
    private static partial Regex HeaderLine();

    [Fact]
    public void No_log_line_of_the_whole_run_holds_an_email_address_phone_number_name_note_or_token()
    {
        Assert.True(journey.Logs.Count > 20, $"Only {journey.Logs.Count} log lines were captured.");

        Assert.Equal(5, journey.Secrets.Count); // the tips, sign-in and review tokens, and the two session cookies
        var searched = journey.PersonalMarkers.Concat(journey.Secrets.SelectMany(s => new[] { s, s[(s.LastIndexOf('.') + 1)..] })).ToList();
        var leaks = journey.Logs
            .SelectMany(line => searched.Where(m => line.Text.Contains(m, StringComparison.OrdinalIgnoreCase)).Select(m => $"'{m}' in: {line.Text}"))
            .ToList();

        Assert.True(leaks.Count == 0, $"{leaks.Count} personal values in the logs:\n" + string.Join("\n", leaks.Take(20)));
    }
}
