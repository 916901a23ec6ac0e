using System.Text;
using CsvHelper;
using HappyBabyHive.Bookings;
using HappyBabyHive.Courses.Management;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.IntegrationTests.FreePlaces;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Registers;
using HappyBabyHive.Settings;

namespace HappyBabyHive.IntegrationTests.Courses;

public sealed class RegisterAndSettingsTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task The_register_shows_free_and_paid_places_by_booking_time_then_the_waitlist_and_its_csv_parses_back()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = await TestCourses.CreateAsync(app, TestCourses.Details(capacity: 3, freePlaces: 1));
        var references = await TestCourses.BookAsync(app, course, [TestCourses.Unique("first"), TestCourses.Unique("second")]);
        var request = await TestFreePlaces.SubmitAsync(app, TestFreePlaces.For(course, baby: "=cmd|' /C calc'!A0"));
        var free = Assert.IsType<DecisionOutcome.Approved>(await app.Get<IFreePlaceDecisionService>().ApproveAsync(request, course.Id, false, DecisionRoute.Api, CancellationToken.None));
        references.AddRange(await TestCourses.BookAsync(app, course, [TestCourses.Unique("third"), TestCourses.Unique("fourth")]));

        var register = await app.Get<IRegisterService>().GetAsync(course.Id, CancellationToken.None);

        Assert.NotNull(register);
        Assert.Equal([references[0], references[1], free.Decision.BookingReference], register.Booked.Select(e => e.Reference));
        Assert.Equal([false, false, true], register.Booked.Select(e => e.IsFreePlace));
        Assert.Equal([(references[2], 1), (references[3], 2)], register.Waitlist.Select(e => (e.Reference, e.WaitlistPosition!.Value)));
        Assert.All(register.Booked.Concat(register.Waitlist), e => Assert.Equal("10 weeks", e.BabyAgeAtFirstSession));
        Assert.Null(await app.Get<IRegisterService>().GetAsync("no-such-course", CancellationToken.None));

        var csv = RegisterCsv.Write(register);
        using var reader = CsvReader.FromText(Encoding.UTF8.GetString(csv).TrimStart('\uFEFF'), CsvReaderOptions.Default with { Separator = ',' });
        var rows = new List<(string Reference, string Baby, string Place)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString("Reference"), reader.GetString("Baby"), reader.GetString("Place")));
        }

        Assert.Equal(
            [(references[0], "Ada", "Paid"), (references[1], "Ada", "Paid"), (free.Decision.BookingReference!, "'=cmd|' /C calc'!A0", "Free"), (references[2], "Ada", "Waitlist 1"), (references[3], "Ada", "Waitlist 2")],
            rows);
    }

    [Fact]
    public async Task Recent_bookings_are_newest_first_and_leave_out_cancelled_courses()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var since = DateTimeOffset.UtcNow.AddMinutes(-1);
        var course = await TestCourses.CreateAsync(app, TestCourses.Details(capacity: 1, freePlaces: 0));
        var cancelled = await TestCourses.CreateAsync(app, TestCourses.Details(venue: "Hessle Town Hall, Hessle"));
        var references = await TestCourses.BookAsync(app, course, [TestCourses.Unique("a"), TestCourses.Unique("b")]);
        await TestCourses.BookAsync(app, cancelled, [TestCourses.Unique("c")]);
        Assert.IsType<CourseCancelOutcome.Cancelled>(await app.Get<ICourseManagementService>().CancelAsync(cancelled.Id, null, CancellationToken.None));

        var recent = await app.Get<IRegisterService>().ListRecentAsync(since, CancellationToken.None);

        Assert.Equal([references[1], references[0]], recent.Select(r => r.Reference));
        Assert.Equal([true, false], recent.Select(r => r.IsWaitlisted));
        Assert.Empty(await app.Get<IRegisterService>().ListRecentAsync(DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None));
    }

    [Fact]
    public async Task Saved_settings_round_trip_and_the_decline_email_uses_the_saved_signposting()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var store = app.Get<IBusinessSettingsStore>();
        var defaults = await store.GetAsync(CancellationToken.None);
        Assert.Equal((10m, (DateTimeOffset?)null), (defaults.DonationPercent, defaults.UpdatedUtc));
        Assert.StartsWith("If you'd like support in the meantime", defaults.DeclineSignposting, StringComparison.Ordinal);

        var invalid = Assert.IsType<SettingsSaveOutcome.Invalid>(await store.SaveAsync(new BusinessSettingsInput { DeclineSignposting = "", DonationPercent = "101" }, CancellationToken.None));
        Assert.Equal(["declineSignposting", "donationPercent"], invalid.Errors.Keys.Order());
        var saved = Assert.IsType<SettingsSaveOutcome.Saved>(await store.SaveAsync(
            new BusinessSettingsInput { DeclineSignposting = "  Talk to Hull Mind on 01482 240133.\r\nYou are not alone.  ", DonationPercent = "12.5" }, CancellationToken.None));

        // Another instance of the app (with its own cache) reads what was saved.
        var read = await Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance<BusinessSettingsStore>(app.Provider).GetAsync(CancellationToken.None);
        Assert.Equal(saved.Settings, read);
        Assert.Equal(("Talk to Hull Mind on 01482 240133.\nYou are not alone.", 12.5m), (read.DeclineSignposting, read.DonationPercent));

        var course = await TestCourses.CreateAsync(app, TestCourses.Details());
        var family = TestCourses.Unique("declined");
        var request = await TestFreePlaces.SubmitAsync(app, TestFreePlaces.For(course, family));
        Assert.IsType<DecisionOutcome.Declined>(await app.Get<IFreePlaceDecisionService>().DeclineAsync(request, null, DecisionRoute.Api, CancellationToken.None));
        var paying = TestCourses.Unique("paying");
        await TestCourses.BookAsync(app, course, [paying]);
        await TestFreePlaces.DeliverQueuedEmailsAsync(app);

        var decline = Assert.Single(await emulators.Maildev.WaitForAsync(family, 2), e => e.Subject == "About your request for a free place");
        Assert.Contains("Talk to Hull Mind on 01482 240133.", decline.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("If you'd like support in the meantime", decline.Text, StringComparison.Ordinal);
        var confirmation = Assert.Single(await emulators.Maildev.WaitForAsync(paying));
        Assert.Contains("12.5% of your course fee goes to Mind Hull and East Yorkshire", confirmation.Text, StringComparison.Ordinal);
    }
}
