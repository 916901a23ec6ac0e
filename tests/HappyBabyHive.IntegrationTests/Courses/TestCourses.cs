using System.Globalization;
using Azure.Data.Tables;
using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Management;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Storage.Courses;
using HappyBabyHive.Storage;
using HappyBabyHive.Time;

namespace HappyBabyHive.IntegrationTests.Courses;

internal static class TestCourses
{
    /// <summary>A course as the owner would type it, starting five weeks from today (UK), on Tuesdays at 10:00.</summary>
    public static CourseDetails Details(int capacity = 10, int freePlaces = 2, string venue = "The Hive Room, Cottingham", DateOnly? firstDate = null)
    {
        var today = UkTime.Today(TimeProvider.System);
        var first = firstDate ?? today.AddDays(35 + (((int)DayOfWeek.Tuesday - (int)today.DayOfWeek + 7) % 7));
        return new CourseDetails
        {
            Kind = "BabyMassage",
            Title = "Baby Massage for Little Ones",
            Description = "Five calm weeks of gentle massage.",
            Venue = venue,
            VenueAddress = "Hallgate, Cottingham HU16",
            FirstSessionDate = first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            StartTime = "10:00",
            EndTime = "11:00",
            Weeks = "5",
            Capacity = capacity.ToString(CultureInfo.InvariantCulture),
            FreePlaces = freePlaces.ToString(CultureInfo.InvariantCulture),
            Price = "60",
            BabyAgeFromWeeks = "6",
            BabyAgeToWeeks = "30",
            BabyAgeDescription = "6 weeks to not yet crawling",
        };
    }

    public static async Task<Course> CreateAsync(AppServices app, CourseDetails details)
    {
        var outcome = await app.Get<ICourseManagementService>().CreateAsync(details, CancellationToken.None);
        return Assert.IsType<CourseChangeOutcome.Created>(outcome).Course;
    }

    /// <summary>Books one family after another (so the waitlist order is known); returns their booking references.</summary>
    public static async Task<List<string>> BookAsync(AppServices app, Course course, IEnumerable<string> emails)
    {
        var references = new List<string>();
        foreach (var email in emails)
        {
            var outcome = await app.Get<IBookingService>().BookAsync(TestBookings.For(course, email), null, CancellationToken.None);
            references.Add(Assert.IsType<BookingOutcome.Created>(outcome).Receipt.Reference);
        }

        return references;
    }

    public static async Task<List<BookingEntity>> BookingsAsync(AppServices app, string courseId)
    {
        var end = RowKeys.PrefixEnd(RowKeys.BookingPrefix);
        var list = new List<BookingEntity>();
        await foreach (var b in app.BookingsTable.QueryAsync<BookingEntity>(e => e.PartitionKey == courseId && e.RowKey.CompareTo(RowKeys.BookingPrefix) >= 0 && e.RowKey.CompareTo(end) < 0))
        {
            list.Add(b);
        }

        return list;
    }

    internal static async Task<CourseEntity> StoredAsync(AppServices app, string courseId) =>
        (await app.BookingsTable.GetEntityAsync<CourseEntity>(courseId, RowKeys.Course)).Value;

    /// <summary>Saves the owner's settings with the given waitlist choice ("offer" or "book-straight-in"), the rest as they are.</summary>
    public static async Task ChooseWaitlistFillAsync(AppServices app, string fill, string? releaseFreePlacesDaysBefore = null)
    {
        var store = app.Get<HappyBabyHive.Settings.IBusinessSettingsStore>();
        var current = await store.GetAsync(CancellationToken.None);
        var saved = await store.SaveAsync(
            new HappyBabyHive.Settings.BusinessSettingsInput
            {
                DeclineSignposting = current.DeclineSignposting,
                DonationPercent = current.DonationPercent.ToString(System.Globalization.CultureInfo.InvariantCulture),
                WaitlistFill = fill,
                ReleaseFreePlacesDaysBefore = releaseFreePlacesDaysBefore,
            },
            CancellationToken.None);
        Assert.IsType<HappyBabyHive.Settings.SettingsSaveOutcome.Saved>(saved);
    }

    public static string Unique(string who) => $"{who}-{Guid.NewGuid():N}@example.co.uk";

    public static CourseDetails WithPlaces(this CourseDetails details, int capacity, int freePlaces) => details with
    {
        Capacity = capacity.ToString(CultureInfo.InvariantCulture),
        FreePlaces = freePlaces.ToString(CultureInfo.InvariantCulture),
    };

    internal static async Task<List<CourseCalendarEntity>> IndexRowsAsync(AppServices app, string courseId)
    {
        var calendar = app.Get<TableServiceClient>().GetTableClient(app.Storage.CourseCalendarTable);
        var rows = new List<CourseCalendarEntity>();
        await foreach (var row in calendar.QueryAsync<CourseCalendarEntity>(e => e.CourseId == courseId))
        {
            rows.Add(row);
        }

        return rows;
    }
}
