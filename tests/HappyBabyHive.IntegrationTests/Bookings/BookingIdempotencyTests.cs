using Azure.Data.Tables;
using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Storage.Courses;
using HappyBabyHive.Storage;

namespace HappyBabyHive.IntegrationTests.Bookings;

public sealed class BookingIdempotencyTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task The_same_idempotency_key_returns_the_original_booking()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = await AddCourseAsync(app);
        var request = TestBookings.For(course);
        var service = app.Get<IBookingService>();

        var first = Assert.IsType<BookingOutcome.Created>(await service.BookAsync(request, "form-load-1", CancellationToken.None));
        var again = Assert.IsType<BookingOutcome.Replayed>(await service.BookAsync(request, "form-load-1", CancellationToken.None));

        Assert.Equal(first.Receipt, again.Receipt);
        Assert.Equal(1, await BookingConcurrencyTests.CountAsync(app.BookingsTable, course.Id, RowKeys.BookingPrefix));
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_refused()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = await AddCourseAsync(app);
        var service = app.Get<IBookingService>();
        await service.BookAsync(TestBookings.For(course), "form-load-1", CancellationToken.None);

        var reused = await service.BookAsync(TestBookings.For(course), "form-load-1", CancellationToken.None);

        Assert.IsType<BookingOutcome.IdempotencyKeyReused>(reused);
        Assert.Equal(1, await BookingConcurrencyTests.CountAsync(app.BookingsTable, course.Id, RowKeys.BookingPrefix));
    }

    [Fact]
    public async Task The_same_family_booking_again_without_its_key_is_answered_like_a_new_booking_and_nothing_is_stored()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = await AddCourseAsync(app);
        var service = app.Get<IBookingService>();
        var first = Assert.IsType<BookingOutcome.Created>(await service.BookAsync(TestBookings.For(course, "Sam@Example.co.uk"), null, CancellationToken.None));

        var again = await service.BookAsync(TestBookings.For(course, " sam@example.co.uk ") with { ParentName = "Samantha Smith" }, "new-key", CancellationToken.None);
        var twin = await service.BookAsync(TestBookings.For(course, "sam@example.co.uk", baby: "Grace"), null, CancellationToken.None);

        Assert.NotEqual(first.Receipt.Reference, Assert.IsType<BookingOutcome.Created>(again).Receipt.Reference);
        Assert.NotEqual(first.Receipt.Reference, Assert.IsType<BookingOutcome.Created>(twin).Receipt.Reference);
        Assert.Equal(2, await BookingConcurrencyTests.CountAsync(app.BookingsTable, course.Id, RowKeys.BookingPrefix));
    }

    [Fact]
    public async Task Ten_simultaneous_submits_with_one_key_make_one_booking()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = await AddCourseAsync(app);
        var service = app.Get<IBookingService>();
        var request = TestBookings.For(course);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => service.BookAsync(request, "double-click", CancellationToken.None))));

        Assert.Single(outcomes.OfType<BookingOutcome.Created>());
        Assert.Equal(9, outcomes.OfType<BookingOutcome.Replayed>().Count());
        Assert.Single(outcomes.Select(o => o is BookingOutcome.Created c ? c.Receipt.Reference : ((BookingOutcome.Replayed)o).Receipt.Reference).Distinct());
        var stored = (await app.BookingsTable.GetEntityAsync<CourseEntity>(course.Id, RowKeys.Course)).Value;
        Assert.Equal(1, stored.GeneralPlacesTaken);
    }

    [Fact]
    public async Task Nothing_is_stored_when_a_booking_is_refused()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = await AddCourseAsync(app);
        var started = SampleCourses.Upcoming() with
        {
            Sessions = [new CourseSession(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow)],
        };
        await app.Get<ICourseStore>().TryAddAsync(started, CancellationToken.None);
        var service = app.Get<IBookingService>();

        Assert.IsType<BookingOutcome.Invalid>(await service.BookAsync(TestBookings.For(course) with { Email = "nope" }, null, CancellationToken.None));
        var tooYoung = Assert.IsType<BookingOutcome.Invalid>(await service.BookAsync(
            TestBookings.For(course) with { BabyDateOfBirth = course.FirstSessionUkDate.AddDays(-37).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) },
            null,
            CancellationToken.None));
        Assert.Contains("5 weeks old", tooYoung.Errors["babyDateOfBirth"][0], StringComparison.Ordinal);
        Assert.IsType<BookingOutcome.CourseNotFound>(await service.BookAsync(TestBookings.For(course) with { CourseId = "no-such-course" }, null, CancellationToken.None));
        Assert.IsType<BookingOutcome.CourseNotBookable>(await service.BookAsync(TestBookings.For(started) with { BabyDateOfBirth = TestBookings.For(course).BabyDateOfBirth }, null, CancellationToken.None));
        Assert.IsType<BookingOutcome.Ignored>(await service.BookAsync(TestBookings.For(course) with { LeaveThisEmpty = "http://spam" }, null, CancellationToken.None));

        var rows = new List<string>();
        await foreach (var row in app.BookingsTable.QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            rows.Add(row.RowKey);
        }

        Assert.Equal([RowKeys.Course, RowKeys.Course], rows);
        Assert.Equal(0, (await app.EmailQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    private static async Task<Course> AddCourseAsync(AppServices app)
    {
        var course = SampleCourses.Upcoming();
        await app.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None);
        return course;
    }
}
