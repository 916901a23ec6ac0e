using System.Text;
using CsvHelper;
using HappyBabyHive.Courses;
using HappyBabyHive.Functions;
using HappyBabyHive.Http;
using HappyBabyHive.IntegrationTests.Courses;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Registers;
using HappyBabyHive.Storage;
using HappyBabyHive.Storage.Courses;
using HappyBabyHive.TestSupport;
using Microsoft.AspNetCore.Mvc;
using static HappyBabyHive.IntegrationTests.WellbeingTips.TipsTestSupport;

namespace HappyBabyHive.IntegrationTests.OwnerConsole;

/// <summary>The owner's single-booking actions through the admin API's functions, on Azurite.</summary>
public sealed class OwnerBookingActionsTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task The_owner_cancelling_a_booking_frees_the_place_and_offers_it_to_the_first_family_waiting()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = await TestCourses.CreateAsync(app, TestCourses.Details(capacity: 2, freePlaces: 0));
        var references = await TestCourses.BookAsync(app, course, [TestCourses.Unique("a"), TestCourses.Unique("b"), TestCourses.Unique("waiting"), TestCourses.Unique("behind")]);
        var functions = app.Create<ManageBookingsHttp>();

        var cancel = await functions.CancelBooking(Json("""{"emailFamily":true}"""), course.Id, references[0], CancellationToken.None);
        Assert.True(cancel is OkObjectResult, System.Text.Json.JsonSerializer.Serialize((cancel as ObjectResult)?.Value));
        var ok = (OkObjectResult)cancel;
        var again = Assert.IsType<OkObjectResult>(await functions.CancelBooking(Json("{}"), course.Id, references[0], CancellationToken.None));

        Assert.Equal((1, false), (((BookingCancelledResponse)ok.Value!).OfferedTo, ((BookingCancelledResponse)ok.Value!).AlreadyCancelled));
        Assert.True(((BookingCancelledResponse)again.Value!).AlreadyCancelled);
        var rows = (await TestCourses.BookingsAsync(app, course.Id)).ToDictionary(b => b.Reference);
        Assert.Equal((nameof(BookingStatus.Cancelled), nameof(CancellationReason.ByOwner)), (rows[references[0]].Status, rows[references[0]].CancellationReason));
        Assert.Equal(nameof(BookingStatus.Offered), rows[references[2]].Status);
        Assert.Equal((nameof(BookingStatus.Waitlisted), (int?)1), (rows[references[3]].Status, rows[references[3]].WaitlistPosition));
        var stored = await TestCourses.StoredAsync(app, course.Id);
        Assert.Equal((2, 1), (stored.GeneralPlacesTaken, stored.WaitlistCount)); // the offered place is held for the family

        // The cancellation email and the offer are owed in the same change (the outbox rows).
        var outbox = new List<string>();
        await foreach (var row in app.BookingsTable.QueryAsync<OutboxEntity>(o => o.PartitionKey == course.Id && o.RowKey.CompareTo(RowKeys.OutboxPrefix) >= 0 && o.RowKey.CompareTo(RowKeys.PrefixEnd(RowKeys.OutboxPrefix)) < 0))
        {
            outbox.Add(row.RowKey);
        }

        Assert.Contains(RowKeys.Outbox(references[0], HappyBabyHive.Outbox.EmailTemplates.BookingCancelled), outbox);
        Assert.Contains(RowKeys.Outbox(references[2], HappyBabyHive.Outbox.EmailTemplates.PlaceOffered), outbox);

        // The waitlist view shows who was offered and who is still waiting.
        var waitlist = Assert.IsType<WaitlistResponse>(Assert.IsType<OkObjectResult>(await functions.GetCourseWaitlist(Get("https://x.test/"), course.Id, CancellationToken.None)).Value);
        Assert.Equal([(references[3], "waiting")], waitlist.Waiting.Select(w => (w.Reference, w.Status)));
        var offer = Assert.Single(waitlist.Offers);
        Assert.Equal((references[2], "offered"), (offer.Reference, offer.Status));
        Assert.NotNull(offer.OfferExpiresAt);
    }

    [Fact]
    public async Task Attendance_persists_on_the_booking_and_shows_in_the_register_and_its_csv()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = await TestCourses.CreateAsync(app, TestCourses.Details(capacity: 3, freePlaces: 0));
        var references = await TestCourses.BookAsync(app, course, [TestCourses.Unique("came"), TestCourses.Unique("absent")]);
        var dates = AttendanceService.SessionDates(course);
        var functions = app.Create<ManageBookingsHttp>();
        var put = (string reference, DateOnly date, bool attended) => functions.MarkAttendance(
            Json($$"""{"attended":{{(attended ? "true" : "false")}}}"""), course.Id, reference, date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);

        Assert.IsType<OkObjectResult>(await put(references[0], dates[0], true));
        Assert.IsType<OkObjectResult>(await put(references[0], dates[0], true)); // a double tap
        Assert.IsType<OkObjectResult>(await put(references[0], dates[2], true));
        Assert.IsType<OkObjectResult>(await put(references[1], dates[0], true));
        var undone = Assert.IsType<AttendanceResponse>(Assert.IsType<OkObjectResult>(await put(references[1], dates[0], false)).Value);
        Assert.Equal(404, Assert.IsAssignableFrom<ObjectResult>(await put(references[0], dates[0].AddDays(1), true)).StatusCode);

        Assert.Empty(undone.AttendedSessions);
        var register = (await app.Get<IRegisterService>().GetAsync(course.Id, CancellationToken.None))!;
        Assert.Equal([dates[0], dates[2]], register.Booked.Single(b => b.Reference == references[0]).AttendedSessions);
        using var reader = CsvReader.FromText(Encoding.UTF8.GetString(RegisterCsv.Write(register)).TrimStart('\uFEFF'), CsvReaderOptions.Default with { Separator = ',' });
        var came = new Dictionary<string, string[]>();
        while (reader.Read())
        {
            came[reader.GetString("Reference")] = dates.Select(d => reader.GetString("Came " + d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        }

        Assert.Equal(["Yes", "", "Yes", "", ""], came[references[0]]);
        Assert.Equal(["", "", "", "", ""], came[references[1]]);
    }
}
