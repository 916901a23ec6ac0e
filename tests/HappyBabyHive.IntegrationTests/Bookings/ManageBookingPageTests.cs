using System.Text.RegularExpressions;
using HappyBabyHive.Courses;
using HappyBabyHive.Functions;
using HappyBabyHive.IntegrationTests.Courses;
using HappyBabyHive.IntegrationTests.FreePlaces;
using HappyBabyHive.IntegrationTests.Support;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using static HappyBabyHive.IntegrationTests.Support.PageRequests;

namespace HappyBabyHive.IntegrationTests.Bookings;

/// <summary>
/// The family's manage page on Azurite and maildev, through the app's own registration: cancelling from the page
/// frees the place (and offers it to the waitlist) in one change; a new email address takes over only after the
/// family clicks the link sent to it.
/// </summary>
public sealed partial class ManageBookingPageTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    private static async Task<ContentResult> Page(Task<IActionResult> result) => Assert.IsType<ContentResult>(await result);

    [Fact]
    public async Task Cancelling_from_the_page_frees_the_place_and_offers_it_to_the_first_family_waiting()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = await TestCourses.CreateAsync(app, TestCourses.Details(capacity: 3, freePlaces: 1));
        var references = await TestCourses.BookAsync(app, course, [TestCourses.Unique("booked1"), TestCourses.Unique("booked2"), TestCourses.Unique("waiting")]);
        var function = ActivatorUtilities.CreateInstance<PublicManageBookingHttp>(app.Provider);
        var token = app.Get<BookingLinks>().ManageToken(course, references[0]);
        var cancel = new Dictionary<string, string> { ["token"] = token, ["action"] = "cancel" };

        var shown = await Page(function.ShowManageBooking(Get(token), CancellationToken.None));
        var asked = await Page(function.ChangeManageBooking(Post(cancel), CancellationToken.None));
        var before = await TestCourses.StoredAsync(app, course.Id);
        cancel["confirm"] = "yes";
        var done = await Page(function.ChangeManageBooking(Post(cancel), CancellationToken.None));
        var again = await Page(function.ChangeManageBooking(Post(cancel), CancellationToken.None));

        Assert.Equal(200, shown.StatusCode);
        Assert.Contains("Are you sure you want to cancel your place?", asked.Content, StringComparison.Ordinal);
        Assert.Equal((2, 1), (before.GeneralPlacesTaken, before.WaitlistCount));
        Assert.Equal(200, done.StatusCode);
        Assert.Contains("Your booking is cancelled", done.Content, StringComparison.Ordinal);
        Assert.Equal(200, again.StatusCode);
        Assert.Contains("Already cancelled", again.Content, StringComparison.Ordinal);

        var bookings = (await TestCourses.BookingsAsync(app, course.Id)).ToDictionary(b => b.Reference);
        Assert.Equal(nameof(BookingStatus.Cancelled), bookings[references[0]].Status);
        Assert.Equal(nameof(BookingStatus.Confirmed), bookings[references[1]].Status);
        Assert.Equal(nameof(BookingStatus.Offered), bookings[references[2]].Status);
        var after = await TestCourses.StoredAsync(app, course.Id);
        Assert.Equal((2, 0), (after.GeneralPlacesTaken, after.WaitlistCount));
    }

    [Fact]
    public async Task A_new_email_address_takes_over_only_once_the_link_sent_to_it_is_pressed()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = await TestCourses.CreateAsync(app, TestCourses.Details());
        var oldAddress = TestCourses.Unique("old");
        var newAddress = TestCourses.Unique("new");
        var reference = (await TestCourses.BookAsync(app, course, [oldAddress]))[0];
        var manage = ActivatorUtilities.CreateInstance<PublicManageBookingHttp>(app.Provider);
        var confirm = ActivatorUtilities.CreateInstance<PublicConfirmBookingEmailHttp>(app.Provider);
        var token = app.Get<BookingLinks>().ManageToken(course, reference);

        var saved = await Page(manage.ChangeManageBooking(
            Post(new Dictionary<string, string> { ["token"] = token, ["action"] = "contact", ["confirm"] = "yes", ["phone"] = "01482 000111", ["email"] = newAddress }),
            CancellationToken.None));
        await TestFreePlaces.DeliverQueuedEmailsAsync(app);

        Assert.Equal(200, saved.StatusCode);
        var pending = (await TestCourses.BookingsAsync(app, course.Id)).Single();
        Assert.Equal((oldAddress, newAddress, "01482 000111"), (pending.Email, pending.PendingEmail, pending.Phone));

        var email = await emulators.Maildev.WaitForAsync(newAddress, e => e.Subject.StartsWith("Please confirm your email address", StringComparison.Ordinal));
        var link = ConfirmLink().Match(email.Text!).Value;
        Assert.NotEmpty(link);
        Assert.DoesNotContain(newAddress.Split('@')[0], Uri.UnescapeDataString(link), StringComparison.OrdinalIgnoreCase);
        var linkToken = Uri.UnescapeDataString(link[(link.IndexOf("token=", StringComparison.Ordinal) + "token=".Length)..]);

        var shown = await Page(confirm.ShowConfirmBookingEmail(Get(linkToken)));
        Assert.Equal(oldAddress, (await TestCourses.BookingsAsync(app, course.Id)).Single().Email);
        var done = await Page(confirm.ConfirmBookingEmail(Post(new Dictionary<string, string> { ["token"] = linkToken }), CancellationToken.None));

        Assert.Equal(200, shown.StatusCode);
        Assert.Contains("Your email address is updated", done.Content, StringComparison.Ordinal);
        var confirmed = (await TestCourses.BookingsAsync(app, course.Id)).Single();
        Assert.Equal(newAddress, confirmed.Email);
        Assert.Null(confirmed.PendingEmail);
        Assert.DoesNotContain(await emulators.Maildev.ToAsync(oldAddress), e => e.Subject.StartsWith("Please confirm your email address", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"https?://\S+/api/manage-booking/confirm-email\?token=[A-Za-z0-9._%-]+")]
    private static partial Regex ConfirmLink();
}
