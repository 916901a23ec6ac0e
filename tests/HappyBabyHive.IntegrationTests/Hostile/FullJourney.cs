using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HappyBabyHive.Time;
using System.Text.RegularExpressions;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Partition;
using HappyBabyHive.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HappyBabyHive.IntegrationTests.Hostile;

/// <summary>
/// One family's and the owner's whole run over real HTTP, with hostile but valid values that are unique to the run:
/// a booking (with the tips opt-in), a booking form re-shown with errors, a free-place request, a tips subscription
/// and its confirmation, the owner's console sign-in (dashboard and register), and the owner's review decision.
/// It keeps every email, every page and every log line for the tests to search.
/// </summary>
public sealed partial class FullJourney
{
    private readonly string marker = Guid.NewGuid().ToString("N")[..8];

    private FullJourney()
    {
        ParentName = $"<script>alert('p')</script>Pq{marker}\"><img src=x onerror=alert(1)>\u2028Bcc: {Injected}";
        BabyName = $"<svg onload=alert(2)>Bb{marker}";
        FreePlaceParent = $"' onmouseover='alert(3)' Fp{marker} & Co";
        FreePlaceBaby = $"\u202EBy{marker}\u202C \U0001F476";
        Note = $"</textarea><script>alert(4)</script>Nt{marker} we had a very hard winter";
        DeclineMessage = $"<iframe src=javascript:alert(5)>Dm{marker}";
        TipsName = $"<b onmouseover=alert(6)>Tk{marker}</b>";
        Phone = "07700 9" + Random.Shared.Next(10_000, 99_999);
        FreePlacePhone = "07700 8" + Random.Shared.Next(10_000, 99_999);
        FamilyEmail = $"fam-{marker}@example.co.uk";
        FreePlaceEmail = $"fpl-{marker}@example.co.uk";
        TipsEmail = $"tip-{marker}@example.co.uk";
        OwnerEmail = $"own-{marker}@happybabyhive.test";
    }

    /// <summary>An address that must never receive anything: it follows a Unicode line separator in a name.</summary>
    public const string Injected = "injected@example.com";

    public const string FormulaParent = "=HYPERLINK(\"http://evil.example\",\"Sam\")";
    public const string FormulaBaby = "@SUM(1+1)";

    public string CourseTitle => $"<script>alert(7)</script>Ct{marker}\u2029Bcc: {Injected}";

    public string Venue => $"\"><img src=x onerror=alert(8)>Vn{marker}";

    public string ParentName { get; }
    public string BabyName { get; }
    public string FreePlaceParent { get; }
    public string FreePlaceBaby { get; }
    public string Note { get; }
    public string DeclineMessage { get; }
    public string TipsName { get; }
    public string Phone { get; }
    public string FreePlacePhone { get; }
    public string FamilyEmail { get; }
    public string FreePlaceEmail { get; }
    public string TipsEmail { get; }
    public string OwnerEmail { get; }

    /// <summary>Every user-typed value that a page or email may show.</summary>
    public IReadOnlyList<string> ShownValues => [ParentName, BabyName, FreePlaceParent, FreePlaceBaby, Note, DeclineMessage, TipsName, CourseTitle, Venue];

    /// <summary>The distinctive part of every piece of personal data, for an exact search of the logs.</summary>
    public IReadOnlyList<string> PersonalMarkers =>
        [$"Pq{marker}", $"Bb{marker}", $"Fp{marker}", $"By{marker}", $"Nt{marker}", $"Dm{marker}", $"Tk{marker}",
         Phone, Phone.Replace(" ", string.Empty, StringComparison.Ordinal), FreePlacePhone, FreePlacePhone.Replace(" ", string.Empty, StringComparison.Ordinal),
         FamilyEmail, FreePlaceEmail, TipsEmail, OwnerEmail, $"fam-{marker}", $"fpl-{marker}", $"tip-{marker}", $"own-{marker}"];

    /// <summary>The signed tokens and the session cookie of the run: secrets, never to be logged.</summary>
    public List<string> Secrets { get; } = [];

    public List<(string Name, string Html)> Pages { get; } = [];

    public string RegisterCsv { get; private set; } = string.Empty;

    public string PaymentsCsv { get; private set; } = string.Empty;

    public List<(string Name, MaildevEmail Email, string Html)> Emails { get; } = [];

    /// <summary>Each email's raw MIME as maildev received it.</summary>
    public Dictionary<string, string> Sources { get; } = [];

    public IReadOnlyList<CapturedLog> Logs { get; private set; } = [];

    public static async Task<FullJourney> RunAsync(EmulatorFixture emulators)
    {
        var journey = new FullJourney();
        var logs = new CapturingLoggerProvider();
        await using var host = await HostileHost.StartAsync(
            emulators,
            configureServices: s => s.AddSingleton<ILoggerProvider>(logs),
            settings: new Dictionary<string, string?>
            {
                ["Business__OwnerEmail"] = journey.OwnerEmail,
                // Everything the app itself logs, at every level. ASP.NET Core's own request lines stay at the runner's
                // Warning: they carry query strings (so tokens), and the Functions host does not log them either.
                ["Logging__LogLevel__Default"] = "Trace",
            });
        await journey.RunAsync(host, emulators.Maildev);
        journey.Logs = logs.Lines;
        return journey;
    }

    private async Task RunAsync(HostileHost host, Maildev inbox)
    {
        using var http = host.CreateClient();

        // The owner's own words are user text too: the course comes from the admin API with markup in every line.
        using var admin = host.CreateClient(withFunctionKey: true);
        var details = JsonNode.Parse(Seed.DetailsJson(UkTime.Today(TimeProvider.System).AddDays(30)))!.AsObject();
        details["title"] = CourseTitle;
        details["venue"] = Venue;
        details["description"] = $"<style>*{{display:none}}</style>Ds{marker} a calm course";
        string courseId;
        using (var created = await admin.PostAsJsonAsync("manage/courses", details))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            courseId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }

        var course = (await host.Runner.Services.GetRequiredService<ICourseStore>().FindAsync(courseId, CancellationToken.None))!;
        var dob = course.FirstSessionUkDate.AddDays(-70).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await PageAsync(http, "booking form", HttpMethod.Get, $"forms/booking?course={course.Id}");
        await PageAsync(http, "free-place form", HttpMethod.Get, "forms/free-place");

        using (var booked = await http.PostAsJsonAsync("bookings", new { courseId = course.Id, parentName = ParentName, email = FamilyEmail, phone = Phone, babyFirstName = BabyName, babyDateOfBirth = dob, acceptTerms = true, wellbeingTipsOptIn = true }))
        {
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        }

        // A second family whose names a spreadsheet would run as formulas, for the register's CSV.
        using (var formulas = await http.PostAsJsonAsync("bookings", new { courseId = course.Id, parentName = FormulaParent, email = $"csv-{marker}@example.co.uk", babyFirstName = FormulaBaby, babyDateOfBirth = dob, acceptTerms = true }))
        {
            Assert.Equal(HttpStatusCode.Created, formulas.StatusCode);
        }

        // The plain form shown again with an error (terms not accepted) puts every typed value back into the fields.
        using (var reshown = await http.PostAsync("forms/booking", Form(("courseId", course.Id), ("parentName", ParentName), ("email", "not-an-address " + FamilyEmail), ("phone", Phone), ("babyFirstName", BabyName), ("babyDateOfBirth", dob))))
        {
            Pages.Add(("booking form with errors", await reshown.Content.ReadAsStringAsync()));
        }

        using (var freePlace = await http.PostAsJsonAsync("free-place-requests", new { courseId = course.Id, parentName = FreePlaceParent, email = FreePlaceEmail, phone = FreePlacePhone, babyFirstName = FreePlaceBaby, babyDateOfBirth = dob, referralSource = "Self", note = Note, consentToStore = true }))
        {
            Assert.Equal(HttpStatusCode.Created, freePlace.StatusCode);
        }

        using (var tips = await http.PostAsJsonAsync("subscriptions", new { email = TipsEmail, firstName = TipsName, consent = true }))
        {
            Assert.Equal(HttpStatusCode.Accepted, tips.StatusCode);
        }

        await host.DeliverEmailsAsync();
        await CollectAsync(inbox, "booking", FamilyEmail, 1);
        await CollectAsync(inbox, "free place received", FreePlaceEmail, 1);
        var toOwner = await CollectAsync(inbox, "owner's free-place notification", OwnerEmail, 1);
        var tipsConfirm = await CollectAsync(inbox, "tips confirmation", TipsEmail, 1);

        // Tips: the emailed link shows a button; the button confirms.
        var confirmLink = LinkIn(tipsConfirm, "subscriptions/confirm");
        await PageAsync(http, "tips confirm page", HttpMethod.Get, confirmLink);
        await PageAsync(http, "tips confirmed page", HttpMethod.Post, "subscriptions/confirm", Form(("token", TokenOf(confirmLink))));

        // The owner signs in to the console with an emailed link and looks at her dashboard and the register.
        var signIn = await ConsoleSession.SignInAsync(host, http, inbox, OwnerEmail);
        TokenOf(LinkIn(signIn, "console/sign-in/link"));
        Secrets.Add(http.DefaultRequestHeaders.GetValues("Cookie").Single().Split('=', 2)[1]);
        await AddAsync(inbox, "owner's sign-in link", signIn);
        await PageAsync(http, "console dashboard", HttpMethod.Get, "console");
        await PageAsync(http, "console register", HttpMethod.Get, $"console/courses/{course.Id}/register");
        RegisterCsv = await http.GetStringAsync($"console/courses/{course.Id}/register/csv");

        // The family pays (recorded as the payment handler records it), so the course's hostile title reaches the
        // donation report and the family's name the payments CSV.
        var partitions = host.Runner.Services.GetRequiredService<ICoursePartitionStore>();
        var family = (await partitions.ListBookingsAsync(course.Id, null, CancellationToken.None)).First(b => b.ParentName == ParentName);
        var snapshot = (await partitions.LoadAsync(course.Id, CancellationToken.None))!;
        await partitions.LoadBookingAsync(snapshot, family.Reference, CancellationToken.None);
        var paying = snapshot.Change(DateTimeOffset.UtcNow);
        paying.UpdateBooking(family.Reference, b => b with
        {
            Payment = new BookingPayment { Method = PaymentMethod.Card, AmountPence = 6000, PaidPence = 6000, PaidUtc = DateTimeOffset.UtcNow, DonationPercent = 10m },
        });
        await partitions.CommitAsync(paying, CancellationToken.None);
        await PageAsync(http, "console register with a payment", HttpMethod.Get, $"console/courses/{course.Id}/register");
        await PageAsync(http, "console donation report", HttpMethod.Get, "console/reports/donations");
        PaymentsCsv = await http.GetStringAsync($"console/courses/{course.Id}/payments/csv");

        // The owner's review: the emailed link shows a button; pressing it uses the link (once), signs her in and
        // opens the console's page for the request, which shows the note; she declines there with her own words.
        var reviewLink = LinkIn(toOwner, "free-place-review");
        await PageAsync(http, "free-place review link page", HttpMethod.Get, reviewLink);
        string requestPage;
        using (var opened = await http.PostAsync("free-place-review", Form(("token", TokenOf(reviewLink)))))
        {
            Assert.Equal(System.Net.HttpStatusCode.SeeOther, opened.StatusCode);
            requestPage = opened.Headers.Location!.OriginalString["/api/".Length..];
            var session = opened.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Secure-hbh-owner=", StringComparison.Ordinal)).Split(';')[0];
            Secrets.Add(session.Split('=', 2)[1]);

            // As the browser does: the new session's cookie replaces the one this client sent (the link replaced that session).
            http.DefaultRequestHeaders.Remove("Cookie");
            http.DefaultRequestHeaders.Add("Cookie", session);
        }

        await PageAsync(http, "free-place review page", HttpMethod.Get, requestPage);
        var decline = (await ConsoleSession.FormsOnAsync(http, requestPage)).Single(f => f.Fields.Contains(("decision", "decline", true)));
        await PageAsync(http, "free-place decided page", HttpMethod.Post, decline.Action, Form([.. decline.Fields.Where(f => f.Hidden).Select(f => (f.Name, f.Value)), ("message", DeclineMessage)]));
        await host.DeliverEmailsAsync();
        var declined = (await inbox.WaitForAsync(FreePlaceEmail, 2))[^1];
        await AddAsync(inbox, "free place declined", declined);
    }

    private async Task<MaildevEmail> CollectAsync(Maildev inbox, string name, string address, int count)
    {
        var emails = await inbox.WaitForAsync(address, count);
        Assert.True(emails.Count >= count, $"No {name} email arrived.");
        foreach (var email in emails)
        {
            await AddAsync(inbox, $"{name}: {email.Subject}", email);
        }

        return emails[0];
    }

    private async Task AddAsync(Maildev inbox, string name, MaildevEmail email)
    {
        Emails.Add((name, email, await inbox.HtmlAsync(email.Id)));
        Sources[email.Id] = await inbox.SourceAsync(email.Id);
    }

    private async Task PageAsync(HttpClient http, string name, HttpMethod method, string path, HttpContent? content = null)
    {
        using var response = await http.SendAsync(new HttpRequestMessage(method, path) { Content = content });
        Assert.True((int)response.StatusCode < 400, $"{name}: {(int)response.StatusCode}");
        Pages.Add((name, await response.Content.ReadAsStringAsync()));
    }

    /// <summary>The emailed link's path and query, relative to the API (the email names the public address, not this host's port).</summary>
    private static string LinkIn(MaildevEmail email, string route)
    {
        var match = Regex.Match(email.Text ?? string.Empty, @"https?://\S+?/api/(" + Regex.Escape(route) + @"\?token=[A-Za-z0-9_.%\-]+)");
        Assert.True(match.Success, $"No {route} link in the email '{email.Subject}'.");
        return match.Groups[1].Value;
    }

    private string TokenOf(string link)
    {
        var token = Uri.UnescapeDataString(link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
        Secrets.Add(token);
        return token;
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
}
