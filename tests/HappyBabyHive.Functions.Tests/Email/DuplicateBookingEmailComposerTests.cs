using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Emails;
using HappyBabyHive.Email;
using HappyBabyHive.Outbox;
using HappyBabyHive.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace HappyBabyHive.Tests.Email;

/// <summary>"You already have a booking" (docs/abuse-resistance.md, "Same family without that key"), above all for a place held while the family pays.</summary>
public sealed class DuplicateBookingEmailComposerTests
{
    // Monday 4 January 2027, 09:00 UTC (GMT, so UK time is the same).
    private static readonly DateTimeOffset Now = new(2027, 1, 4, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider time = new(Now);
    private readonly Mock<IBookingEmailSubjects> subjects = new();
    private readonly Course course = SampleCourses.Massage(new DateOnly(2027, 2, 2));
    private readonly DuplicateBookingEmailComposer composer;

    public DuplicateBookingEmailComposerTests()
    {
        composer = new(
            subjects.Object,
            TestBookingLinks.Business,
            TestBookingLinks.Create(time),
            EmailChecks.Renderer,
            time);
    }

    private static BookedFamily Family(BookingStatus status, DateTimeOffset? heldUntil = null) =>
        TestFamilies.Sam(status, new DateOnly(2026, 11, 20)) with
        {
            Payment = heldUntil is null ? null : new BookingPayment { Method = PaymentMethod.Card, AmountPence = 6000, CheckoutAttempt = 1, HeldUntilUtc = heldUntil },
        };

    private async Task<EmailMessage> ComposeAsync(BookedFamily family)
    {
        subjects.Setup(s => s.LoadAsync(course.Id, "booking|K7M3-Q9XP", It.IsAny<CancellationToken>())).ReturnsAsync(new BookingEmailSubject(family, course, null));
        var template = EmailTemplates.BookingDuplicate();
        return (await composer.ComposeAsync(new OwedEmail(new OutboxMessage("Bookings", course.Id, $"outbox|K7M3-Q9XP|{template}"), template, "booking|K7M3-Q9XP"), CancellationToken.None))!;
    }

    [Fact]
    public async Task A_held_unpaid_place_says_until_when_in_UK_time_and_that_the_link_lets_them_finish_paying()
    {
        var email = await ComposeAsync(Family(BookingStatus.AwaitingPayment, heldUntil: Now.AddMinutes(30)));
        var text = EmailChecks.VisibleText(email);

        Assert.Contains("We're holding your place until 09:30 (UK time), but you haven't paid yet, so you're not booked.", text, StringComparison.Ordinal);
        Assert.Contains("where you can finish paying", text, StringComparison.Ordinal);
        Assert.Contains("Finish paying", text, StringComparison.Ordinal);
        Assert.Contains(TestBookingLinks.BaseUrl + "/api/manage-booking?token=", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("K7M3-Q9XP", email.TextBody, StringComparison.Ordinal);
        EmailChecks.AssertTextPartSaysWhatHtmlSays(email);
    }

    [Fact]
    public async Task A_hold_ending_after_midnight_names_the_day_too()
    {
        time.SetUtcNow(new DateTimeOffset(2027, 1, 4, 23, 50, 0, TimeSpan.Zero));

        var email = await ComposeAsync(Family(BookingStatus.AwaitingPayment, heldUntil: new DateTimeOffset(2027, 1, 5, 0, 20, 0, TimeSpan.Zero)));

        Assert.Contains("until 00:20 (UK time) on Tuesday 5 January 2027,", EmailChecks.VisibleText(email), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hold_that_has_already_ended_says_so_plainly_and_offers_no_payment()
    {
        var email = await ComposeAsync(Family(BookingStatus.AwaitingPayment, heldUntil: Now.AddMinutes(-1)));
        var text = EmailChecks.VisibleText(email);

        Assert.Contains("the time to pay has run out, so you're not booked and nothing was taken", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Finish paying", text, StringComparison.Ordinal);
        Assert.DoesNotContain("holding your place", text, StringComparison.Ordinal);
        Assert.Contains("Manage my booking", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_confirmed_booking_says_booked_with_the_manage_link()
    {
        var email = await ComposeAsync(Family(BookingStatus.Confirmed));
        var text = EmailChecks.VisibleText(email);

        Assert.Contains("Ada is booked in.", text, StringComparison.Ordinal);
        Assert.Contains("Manage my booking", text, StringComparison.Ordinal);
        Assert.DoesNotContain("paying", text, StringComparison.Ordinal);
    }
}
