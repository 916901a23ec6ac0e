using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.IntegrationTests.FreePlaces;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.OwnerConsole.SignIn;
using HappyBabyHive.Privacy;
using HappyBabyHive.Registers;
using HappyBabyHive.Storage;
using HappyBabyHive.WellbeingTips;

namespace HappyBabyHive.IntegrationTests.Privacy;

/// <summary>
/// Export and erasure on Azurite: everything held for an address is found across every table, and after erasure
/// nothing of it is left anywhere (the address, its lower-case form, or the plain SHA-256 keys rows had before issue
/// 17), while the course's numbers and the register stay as they were.
/// </summary>
public sealed class PersonalDataErasureTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Export_finds_everything_and_erasure_leaves_nothing_of_the_address_but_keeps_the_numbers()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = SampleCourses.Upcoming();
        await app.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None);
        var typed = $"Sam.Parent-{Guid.NewGuid():N}@Example.co.uk";
        var lower = typed.ToLowerInvariant();

        var someoneElse = TestBookings.UniqueEmail();
        Assert.IsType<BookingOutcome.Created>(await app.Get<IBookingService>().BookAsync(TestBookings.For(course, someoneElse), null, CancellationToken.None));
        Assert.IsType<BookingOutcome.Created>(await app.Get<IBookingService>().BookAsync(
            TestBookings.For(course, typed) with { WellbeingTipsOptIn = true }, "client-key-1", CancellationToken.None));
        Assert.IsType<BookingOutcome.Created>(await app.Get<IBookingService>().BookAsync(TestBookings.For(course, lower, baby: "Bea"), null, CancellationToken.None));
        await TestFreePlaces.SubmitAsync(app, TestFreePlaces.For(course, typed));
        Assert.IsType<SubscribeOutcome.Accepted>(await app.Get<ISubscriptionService>().SubscribeAsync(
            new SubscriptionRequest { Email = typed, FirstName = "Sam", Consent = true }, CancellationToken.None));
        await SeedRowsWrittenBeforeIssue17Async(app, course, lower);

        var before = await app.Get<IRegisterService>().GetAsync(course.Id, CancellationToken.None);
        var courseBefore = await app.Get<ICourseStore>().FindAsync(course.Id, CancellationToken.None);

        var service = app.Get<PersonalDataService>();
        var export = Assert.IsType<PersonalDataOutcome.Exported>(await service.ExportAsync(" " + typed.ToUpperInvariant() + " ", CancellationToken.None)).Data;
        Assert.Equal(2, export.Bookings.Count);
        Assert.All(export.Bookings, b => Assert.Equal(lower, ((string)b.Properties["Email"]!).ToLowerInvariant()));
        Assert.Single(export.FreePlaceRequests);
        Assert.Equal(TestFreePlaces.SecretNote, export.FreePlaceRequests[0].Properties["Note"]);
        Assert.Contains(export.TipsSubscriptions, r => r.RowKey == "subscriber" && r.PartitionKey == SubscriberKeys.For(TestSettings.Hasher, typed));
        Assert.Contains(export.TipsSubscriptions, r => r.PartitionKey == SubscriberKeys.LegacyFor(typed));
        Assert.Single(export.TipsSentMarkers);
        Assert.True(export.OwedEmails.Count >= 4, $"Expected the bookings', request's and subscription's owed emails, found {export.OwedEmails.Count}.");
        Assert.Empty(export.SignInRows); // not the owner's address

        var erased = Assert.IsType<PersonalDataOutcome.Erased>(await service.EraseAsync(typed, ErasureVia.AdminApi, CancellationToken.None)).Audit;
        Assert.Equal(2, erased.Counts.BookingsAnonymised);
        Assert.Equal(1, erased.Counts.FreePlaceRequestsDeleted);
        Assert.True(erased.Counts.BookingPointersDeleted >= 4, $"family pointers (keyed and legacy) and the idempotency pointer: {erased.Counts.BookingPointersDeleted}");

        var after = Assert.IsType<PersonalDataOutcome.Exported>(await service.ExportAsync(typed, CancellationToken.None)).Data;
        Assert.True(after.IsEmpty, "The export after erasure still finds rows.");

        var courseAfter = await app.Get<ICourseStore>().FindAsync(course.Id, CancellationToken.None);
        Assert.Equal(courseBefore!.GeneralPlacesTaken, courseAfter!.GeneralPlacesTaken);
        Assert.Equal(courseBefore.FreePlacesTaken, courseAfter.FreePlacesTaken);
        Assert.Equal(courseBefore.WaitlistCount, courseAfter.WaitlistCount);
        var register = await app.Get<IRegisterService>().GetAsync(course.Id, CancellationToken.None);
        Assert.Equal(before!.Booked.Count, register!.Booked.Count);
        Assert.Equal(before.Waitlist.Count, register.Waitlist.Count);
        Assert.Equal(2, register.Booked.Count(e => e.ParentName == "(erased)"));
        Assert.Contains(register.Booked, e => e.Email == someoneElse);

        var traces = new[] { typed, lower, Sha256(lower), Sha256(typed), SubscriberKeys.LegacyFor(typed), LegacyFamilyHash(lower, "Ada"), LegacyFamilyHash(lower, "Bea") };
        Assert.Empty(await FindInEveryTableAsync(app, traces));

        // Erasing again changes nothing and says so; both erasures are audited without the address.
        var again = Assert.IsType<PersonalDataOutcome.Erased>(await service.EraseAsync(typed, ErasureVia.AdminApi, CancellationToken.None)).Audit;
        Assert.Equal(0, again.Counts.Total);
        var audits = await app.Get<IPersonalDataStore>().ListErasuresAsync(CancellationToken.None);
        Assert.Equal(2, audits.Count);
        Assert.All(audits, a => Assert.Equal(service.AuditHash(typed), a.AddressHash));
        Assert.Empty(await FindInEveryTableAsync(app, traces));
    }

    [Fact]
    public async Task The_owners_address_takes_her_sign_in_rows_with_it()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var now = DateTimeOffset.UtcNow;
        await app.Get<IOwnerSignInStore>().AddAsync(new SignInAttempt("link-1", TestSettings.OwnerEmail, now, now.AddMinutes(15)), TimeSpan.FromMinutes(10), CancellationToken.None);
        await app.Get<IOwnerSignInStore>().TryUseAsync("link-1", now, CancellationToken.None);

        var service = app.Get<PersonalDataService>();
        var export = Assert.IsType<PersonalDataOutcome.Exported>(await service.ExportAsync(TestSettings.OwnerEmail, CancellationToken.None)).Data;
        Assert.Equal(2, export.SignInRows.Count);
        Assert.Single(export.OwedEmails);

        var erased = Assert.IsType<PersonalDataOutcome.Erased>(await service.EraseAsync(TestSettings.OwnerEmail, ErasureVia.AdminApi, CancellationToken.None)).Audit;
        Assert.Equal(2, erased.Counts.SignInRowsDeleted);
        Assert.Empty(await FindInEveryTableAsync(app, [TestSettings.OwnerEmail]));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not an address")]
    [InlineData("a@b.co\r\nBcc: x@y.z")]
    public async Task A_missing_or_malformed_address_is_refused(string? email)
    {
        await using var app = await AppServices.CreateAsync(emulators);
        Assert.IsType<PersonalDataOutcome.InvalidAddress>(await app.Get<PersonalDataService>().EraseAsync(email, ErasureVia.AdminApi, CancellationToken.None));
        Assert.Empty(await app.Get<IPersonalDataStore>().ListErasuresAsync(CancellationToken.None));
    }

    /// <summary>Rows as the app wrote them before keyed hashing: a plain SHA-256 family pointer, subscriber and sent-marker.</summary>
    private static async Task SeedRowsWrittenBeforeIssue17Async(AppServices app, Course course, string email)
    {
        var reference = (await app.BookingsTable.QueryAsync<TableEntity>(e => e.PartitionKey == course.Id).ToListAsync())
            .Single(r => r.RowKey.StartsWith(RowKeys.BookingPrefix, StringComparison.Ordinal) && r.GetString("BabyFirstName") == "Ada" && r.GetString("Email")!.Equals(email, StringComparison.OrdinalIgnoreCase))
            .GetString("Reference");
        await app.BookingsTable.AddEntityAsync(new TableEntity(course.Id, "family|" + LegacyFamilyHash(email, "Ada")) { ["Reference"] = reference });

        var tables = app.Get<TableServiceClient>();
        var legacyKey = SubscriberKeys.LegacyFor(email);
        await tables.GetTableClient(app.Storage.TipSubscribersTable).AddEntityAsync(new TableEntity(legacyKey, "subscriber")
        {
            ["Email"] = email,
            ["Status"] = nameof(SubscriberStatus.Unsubscribed),
        });
        await tables.GetTableClient(app.Storage.TipPublicationsTable).AddEntityAsync(new TableEntity("sent|2026-W40", legacyKey) { ["Status"] = "Sent" });
    }

    /// <summary>Every row of every table the app has, searched in keys and values (case-insensitively) for each trace.</summary>
    private static async Task<List<string>> FindInEveryTableAsync(AppServices app, IReadOnlyList<string> traces)
    {
        var found = new List<string>();
        var tables = app.Get<TableServiceClient>();
        foreach (var table in app.Storage.AllTables)
        {
            await foreach (var row in tables.GetTableClient(table).QueryAsync<TableEntity>())
            {
                var texts = row.Select(p => p.Value?.ToString() ?? string.Empty).Append(row.PartitionKey).Append(row.RowKey);
                foreach (var trace in traces)
                {
                    if (texts.Any(t => t.Contains(trace, StringComparison.OrdinalIgnoreCase)))
                    {
                        found.Add($"{table} {row.PartitionKey}/{row.RowKey} holds a trace of the address");
                    }
                }
            }
        }

        return found;
    }

    private static string Sha256(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private static string LegacyFamilyHash(string email, string baby) =>
        Sha256(HappyBabyHive.Courses.Partition.BookingPointerKey.FamilyValue(email, baby));
}
