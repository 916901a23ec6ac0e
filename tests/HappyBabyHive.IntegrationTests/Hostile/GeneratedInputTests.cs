using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Time;
using Microsoft.Extensions.DependencyInjection;

namespace HappyBabyHive.IntegrationTests.Hostile;

/// <summary>
/// FsCheck-generated bodies for the three public JSON doors, over real HTTP on Azurite: each field is missing, null,
/// the wrong type, a corpus value, arbitrary Unicode or a valid value, so some requests are accepted and most are not.
/// The property: never a 5xx; a refusal changes no table and no queue; an acceptance is stored; and every email the
/// accepted requests owe is then composed and sent without an error.
/// </summary>
public sealed class GeneratedInputTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private const int Runs = 60;

    // Every sixth body is valid in every field (10 of the 60), so each run tests the accepting side too. Left to chance,
    // the booking door's eight fields are all valid in about 7% of draws, and a run once drew none in 60.
    private const int ValidEvery = 6;

    private HostileHost host = null!;
    private HttpClient http = null!;
    private Course[] courses = [];
    private string[] courseIds = [];

    public async Task InitializeAsync()
    {
        host = await HostileHost.StartAsync(emulators);
        http = host.CreateClient();
        var store = host.Runner.Services.GetRequiredService<ICourseStore>();
        var plain = SampleCourses.Upcoming();
        var acrossClockChange = AcrossTheSpringClockChange();
        await store.TryAddAsync(plain, CancellationToken.None);
        await store.TryAddAsync(acrossClockChange, CancellationToken.None);
        courses = [plain, acrossClockChange];
        courseIds = [plain.Id, acrossClockChange.Id];
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await host.DisposeAsync();
    }

    [Fact]
    public void Generated_bookings_are_answered_cleanly() => CheckDoor("bookings", Booking(), ValidBooking());

    [Fact]
    public void Generated_free_place_requests_are_answered_cleanly() => CheckDoor("free-place-requests", FreePlace(), ValidFreePlace());

    [Fact]
    public void Generated_tips_subscriptions_are_answered_cleanly() => CheckDoor("subscriptions", Subscription(), ValidSubscription());

    private void CheckDoor(string path, Gen<JsonObject> bodies, Gen<JsonObject> validBodies)
    {
        var accepted = 0;
        var run = 0;
        var property = Prop.ForAll(bodies.ToArbitrary(), validBodies.ToArbitrary(), (generated, valid) =>
        {
            var isValid = run++ % ValidEvery == 0;
            var body = isValid ? valid : generated;

            // FsCheck runs properties synchronously; Task.Run keeps the awaits off xunit's synchronisation context.
            var wasAccepted = Task.Run(() => PostAsync(path, body)).GetAwaiter().GetResult();
            Assert.True(wasAccepted || !isValid, $"{path} refused a body valid in every field: {body.ToJsonString()}");
            accepted += wasAccepted ? 1 : 0;
            return true;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Runs), property);

        // The generators aim for a mix: if nothing (or everything) was accepted, they no longer test both sides.
        Assert.InRange(accepted, 1, Runs - 1);
        var sent = Task.Run(host.DeliverEmailsAsync).GetAwaiter().GetResult();
        Assert.True(sent >= 1, "The accepted requests owed no email.");
    }

    /// <summary>Posts one body; fails on a 5xx or on a refusal that wrote anything. Returns whether it was accepted.</summary>
    private async Task<bool> PostAsync(string path, JsonObject body)
    {
        var before = await host.SnapshotAsync();
        using var response = await http.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        var problems = HostileInputTests.ResponseProblems(response, text).ToList();
        Assert.True(problems.Count == 0, $"{path} {body.ToJsonString()}: {string.Join("; ", problems)}");
        var changes = (await host.SnapshotAsync()).ChangesSince(before);
        var status = (int)response.StatusCode;
        if (status >= 300)
        {
            Assert.True(changes.Count == 0, $"{path} refused with {status} but storage changed: {string.Join("; ", changes)}\n{body.ToJsonString()}");
            return false;
        }

        // A 200 is a replay (the same family again) and a 202 with no email can be the honeypot; a 201 always stores.
        Assert.True(status != 201 || changes.Count > 0, $"{path} answered 201 but stored nothing: {body.ToJsonString()}");
        return status is 201 or 202;
    }

    private Gen<JsonObject> Booking() =>
        from courseId in CourseId()
        from parentName in Text("Sam Smith")
        from email in Email()
        from phone in Text("07700 900123")
        from baby in Text("Ada")
        from dob in DateOfBirth()
        from terms in Flag()
        from tips in Flag()
        select Json(("courseId", courseId), ("parentName", parentName), ("email", email), ("phone", phone), ("babyFirstName", baby), ("babyDateOfBirth", dob), ("acceptTerms", terms), ("wellbeingTipsOptIn", tips));

    private Gen<JsonObject> FreePlace() =>
        from courseId in CourseId()
        from parentName in Text("Jo Bloggs")
        from email in Email()
        from baby in Text("Bea")
        from dob in DateOfBirth()
        from referral in Gen.Frequency((6, Gen.Elements<JsonNode?>("Self", "HealthVisitor", "MindHullAndEastYorkshire")), (1, Gen.Elements<JsonNode?>("2", "self ", "Other,Self", null)))
        from note in Text("A hard few months.")
        from consent in Flag()
        select Json(("courseId", courseId), ("parentName", parentName), ("email", email), ("babyFirstName", baby), ("babyDateOfBirth", dob), ("referralSource", referral), ("note", note), ("consentToStore", consent));

    private Gen<JsonObject> ValidBooking() =>
        from course in Gen.Elements(courses)
        from email in ValidEmail()
        from dob in ValidDateOfBirth(course)
        from tips in Gen.Elements(true, false)
        select Json(("courseId", course.Id), ("parentName", "Sam Smith"), ("email", email), ("phone", "07700 900123"), ("babyFirstName", "Ada"), ("babyDateOfBirth", dob), ("acceptTerms", true), ("wellbeingTipsOptIn", tips));

    private Gen<JsonObject> ValidFreePlace() =>
        from course in Gen.Elements(courses)
        from email in ValidEmail()
        from dob in ValidDateOfBirth(course)
        from referral in Gen.Elements("Self", "HealthVisitor", "MindHullAndEastYorkshire")
        select Json(("courseId", course.Id), ("parentName", "Jo Bloggs"), ("email", email), ("babyFirstName", "Bea"), ("babyDateOfBirth", dob), ("referralSource", referral), ("note", "A hard few months."), ("consentToStore", true));

    private static Gen<JsonObject> ValidSubscription() =>
        from email in ValidEmail()
        select Json(("email", email), ("firstName", "Kim"), ("consent", true));

    private static Gen<JsonNode?> ValidEmail() => Gen.Fresh(() => (JsonNode?)$"gen-{Guid.NewGuid():N}@example.co.uk");

    /// <summary>
    /// A birth date in the past that puts the baby inside the course's age range at its first session (a week inside
    /// each end): for a course months away, the youngest babies are not born yet.
    /// </summary>
    private static Gen<JsonNode?> ValidDateOfBirth(Course course)
    {
        var daysToFirstSession = course.FirstSessionUkDate.DayNumber - UkTime.Today(TimeProvider.System).DayNumber;
        var youngest = Math.Max((course.BabyAge.FromWeeks + 1) * 7, daysToFirstSession + 1);
        return Gen.Choose(youngest, (course.BabyAge.ToWeeks - 1) * 7)
            .Select(days => (JsonNode?)course.FirstSessionUkDate.AddDays(-days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    private static Gen<JsonObject> Subscription() =>
        from email in Email()
        from name in Text("Kim")
        from consent in Flag()
        select Json(("email", email), ("firstName", name), ("consent", consent));

    private Gen<JsonNode?> CourseId() =>
        Gen.Frequency(
            (8, Gen.Elements(courseIds).Select(id => (JsonNode?)id)),
            (1, Gen.Constant((JsonNode?)"any")),
            (1, Hostile()));

    /// <summary>A valid value most of the time, so generated requests get past validation often enough to test what follows.</summary>
    private static Gen<JsonNode?> Text(string valid) =>
        Gen.Frequency((8, Gen.Constant((JsonNode?)valid)), (2, Hostile()));

    private static Gen<JsonNode?> Email() =>
        Gen.Frequency(
            (8, ValidEmail()),
            (1, Gen.Elements<JsonNode?>("a@b", "a@b.", "\"quoted\"@example.com", "Sam <sam@example.com>", "sam@example.com\r\nBcc: x@example.com", "sam@exa mple.com", "s@m@example.com", "sam@\u00e9xample.com")),
            (1, Hostile()));

    private static Gen<JsonNode?> DateOfBirth()
    {
        var today = UkTime.Today(TimeProvider.System);
        var valid = Gen.Choose(42, 400).Select(days => (JsonNode?)today.AddDays(-days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var clockChanges = Gen.Elements<JsonNode?>("2026-03-29", "2026-10-25", "2025-03-30", "2025-10-26");
        var anyDate = from y in Gen.Choose(1, 9999) from m in Gen.Choose(0, 13) from d in Gen.Choose(0, 32) select (JsonNode?)$"{y:D4}-{m:D2}-{d:D2}";
        return Gen.Frequency((8, valid), (2, clockChanges), (1, anyDate), (1, Gen.Elements(HostileCorpus.Dates(today).Select(d => (JsonNode?)d).ToArray())), (1, Hostile()));
    }

    private static Gen<JsonNode?> Flag() =>
        Gen.Frequency((8, Gen.Constant((JsonNode?)true)), (1, Gen.Constant((JsonNode?)false)), (1, Gen.Elements<JsonNode?>("true", 1, "on", null)));

    /// <summary>Corpus text, arbitrary Unicode (FsCheck's own strings), the wrong JSON type, or nothing at all.</summary>
    private static Gen<JsonNode?> Hostile() =>
        Gen.OneOf(
            Gen.Elements(HostileCorpus.Text).Select(t => (JsonNode?)t),
            ArbMap.Default.ArbFor<UnicodeString>().Generator.Select(u => (JsonNode?)u.Item),
            ArbMap.Default.ArbFor<string>().Generator.Select(s => (JsonNode?)s),
            ArbMap.Default.ArbFor<int>().Generator.Select(i => (JsonNode?)i),
            Gen.Elements<JsonNode?>(null, true, new JsonArray("a", 1), new JsonObject { ["$ref"] = "x" }, "Missing"));

    /// <summary>A JSON object; a field generated as the string "Missing" is left out (a missing field).</summary>
    private static JsonObject Json(params (string Name, JsonNode? Value)[] fields)
    {
        var json = new JsonObject();
        foreach (var (name, value) in fields)
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var s) && s == "Missing")
            {
                continue;
            }

            // A node can have one parent; generated constants are shared, so each object gets a copy.
            json[name] = value?.DeepClone();
        }

        return json;
    }

    /// <summary>Five Tuesdays at 10:00 across the last Sunday of March (next year's spring clock change).</summary>
    private static Course AcrossTheSpringClockChange()
    {
        var template = SampleCourses.Upcoming();

        var year = UkTime.Today(TimeProvider.System).Year + 1;
        var lastSundayOfMarch = new DateOnly(year, 3, 31);
        while (lastSundayOfMarch.DayOfWeek != DayOfWeek.Sunday)
        {
            lastSundayOfMarch = lastSundayOfMarch.AddDays(-1);
        }

        var first = lastSundayOfMarch.AddDays(-12);
        return template with
        {
            Id = "clocks-" + Guid.NewGuid().ToString("N")[..8],
            Sessions = Enumerable.Range(0, 5)
                .Select(w => UkTime.FromUkLocal(first.AddDays(7 * w), new TimeOnly(10, 0)))
                .Select(s => new CourseSession(s, s.AddHours(1)))
                .ToList(),
        };
    }
}
