using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.IntegrationTests.Courses;
using HappyBabyHive.IntegrationTests.FreePlaces;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Storage;
using HappyBabyHive.Storage.Courses;

namespace HappyBabyHive.IntegrationTests.Bookings;

/// <summary>
/// A repeat booking as someone who knows only an address and a baby's name sees it, and as the family receives it:
/// real Azurite, the real outbox, real SMTP into maildev (docs/abuse-resistance.md, "Repeat bookings").
/// </summary>
public sealed class DuplicateBookingEmailTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task A_repeat_booking_without_the_key_gets_no_original_reference_and_the_family_gets_one_email_with_it()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = await TestCourses.CreateAsync(app, TestCourses.Details(capacity: 3, freePlaces: 0));
        var address = TestCourses.Unique("repeat");
        var service = app.Get<IBookingService>();
        var original = Assert.IsType<BookingOutcome.Created>(await service.BookAsync(TestBookings.For(course, address), "form-1", CancellationToken.None)).Receipt;
        await TestFreePlaces.DeliverQueuedEmailsAsync(app);
        await emulators.Maildev.WaitForAsync(address, e => e.Subject.StartsWith("You're booked: ", StringComparison.Ordinal));

        var repeat = await service.BookAsync(TestBookings.For(course, address.ToUpperInvariant()) with { ParentName = "Someone Else" }, "form-2", CancellationToken.None);

        // Shaped like a new booking, but not the family's booking and stored nowhere.
        var decoy = Assert.IsType<BookingOutcome.Created>(repeat).Receipt;
        Assert.NotEqual(original.Reference, decoy.Reference);
        Assert.Equal((BookingStatus.Confirmed, (int?)null), (decoy.Status, decoy.WaitlistPosition));
        Assert.False((await app.BookingsTable.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>(course.Id, RowKeys.Booking(decoy.Reference))).HasValue);
        Assert.Equal(1, await BookingConcurrencyTests.CountAsync(app.BookingsTable, course.Id, RowKeys.BookingPrefix));
        Assert.Equal(1, (await app.BookingsTable.GetEntityAsync<CourseEntity>(course.Id, RowKeys.Course)).Value.GeneralPlacesTaken);

        Assert.Equal(1, await TestFreePlaces.DeliverQueuedEmailsAsync(app));
        var email = await emulators.Maildev.WaitForAsync(address, e => e.Subject.StartsWith("You already have a booking: ", StringComparison.Ordinal));
        Assert.Contains(original.Reference, email.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(decoy.Reference, email.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Someone Else", email.Text, StringComparison.Ordinal);
        Assert.Single(await emulators.Maildev.ToAsync(address), e => e.Subject.StartsWith("You already have a booking: ", StringComparison.Ordinal));

        // The original request's key still replays the real booking.
        var replay = Assert.IsType<BookingOutcome.Replayed>(await service.BookAsync(TestBookings.For(course, address), "form-1", CancellationToken.None));
        Assert.Equal(original.Reference, replay.Receipt.Reference);
    }
}
