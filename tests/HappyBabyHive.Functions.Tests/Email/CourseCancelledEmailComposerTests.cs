using HappyBabyHive.Bookings;
using HappyBabyHive.Courses.Emails;
using HappyBabyHive.Courses;
using HappyBabyHive.Email;
using HappyBabyHive.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace HappyBabyHive.Tests.Email;

public sealed class CourseCancelledEmailComposerTests
{
    private const string Hostile = "<script>alert('x')</script> & \"Sam\"";

    private readonly CourseCancelledEmailComposer composer = new(
        new Mock<IBookingEmailSubjects>().Object,
        new Mock<ICourseStore>().Object,
        TestBookingLinks.Business,
        EmailChecks.Renderer,
        new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero)));

    private readonly Course course = SampleCourses.Massage(new DateOnly(2027, 3, 16)) with { Title = "Massage & <b>Calm</b>", Status = CourseStatus.Cancelled };

    private static BookedFamily Booking(string name = "Sam", bool free = false, BookingStatus status = BookingStatus.Confirmed) => new(
        Reference: "K7M3-Q9XP",
        ParentName: name,
        Email: "sam@example.co.uk",
        BabyFirstName: name,
        BabyDateOfBirth: new DateOnly(2027, 1, 1),
        IsFreePlace: free,
        IsWaitlisted: status == BookingStatus.Waitlisted,
        WaitlistPosition: null);

    [Theory]
    [InlineData(false, BookingStatus.Confirmed, "If you've already paid for your place, we'll be in touch about a refund.")]
    [InlineData(true, BookingStatus.Confirmed, "Your place was a free place, so there is nothing to pay")]
    [InlineData(false, BookingStatus.Waitlisted, "You were on the waitlist for this course, so there is nothing to pay")]
    public async Task Each_family_is_told_what_happens_about_payment_for_their_kind_of_place(bool free, BookingStatus status, string wording)
    {
        var email = await composer.CancelledAsync(Booking(free: free, status: status), course, null, [], Guid.NewGuid());

        Assert.Contains(wording, email.TextBody, StringComparison.Ordinal);
        Assert.Contains("K7M3-Q9XP", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Tuesdays 10:00–11:00, 16 Mar – 13 Apr", email.TextBody, StringComparison.Ordinal);
        Assert.Equal("Sorry, Massage & <b>Calm</b> has been cancelled", email.Subject);
    }

    [Fact]
    public async Task A_family_still_paying_when_the_course_was_cancelled_is_told_nothing_was_taken()
    {
        var held = Booking() with
        {
            Status = BookingStatus.Cancelled,
            CancellationReason = CancellationReason.CourseCancelled,
            CancelledFrom = BookingStatus.AwaitingPayment,
            Payment = new BookingPayment { Method = PaymentMethod.Card, AmountPence = 6000, CheckoutAttempt = 1, CheckoutSessionId = "cs_1" },
        };

        var email = await composer.CancelledAsync(held, course, null, [], Guid.NewGuid());

        Assert.Contains("we've stopped that payment: nothing was taken, so there is nothing to refund", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("If you've already paid", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_owners_message_and_every_value_stay_text_and_other_courses_are_suggested()
    {
        var other = SampleCourses.Massage(new DateOnly(2027, 4, 6), id: "massage-april") with { Title = "April <i>Massage</i>" };

        var email = await composer.CancelledAsync(Booking(Hostile), course, "Line one <b>\nLine two & more", [other], Guid.NewGuid());

        EmailChecks.AssertOnlyText(email, Hostile, "Line one <b>", "Line two & more", "Massage & <b>Calm</b>", "April <i>Massage</i>");
        EmailChecks.AssertTextPartSaysWhatHtmlSays(email);
        Assert.Contains("April <i>Massage</i>: Tuesdays 10:00–11:00, 6 Apr – 4 May, The Hive Room", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("A MESSAGE FROM", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_text_in_every_field_stays_text()
    {
        var hostileCourse = course with { Title = HostileHtml.AllInOne, Venue = HostileHtml.Samples[1] };
        var other = course with { Id = "other", Title = HostileHtml.Samples[3], Venue = HostileHtml.Samples[4] };
        var family = Booking(HostileHtml.Samples[0]) with { Reference = HostileHtml.Samples[2] };

        var email = await composer.CancelledAsync(family, hostileCourse, HostileHtml.AllInOne, [other], Guid.NewGuid());

        EmailChecks.AssertOnlyText(email, [.. HostileHtml.Samples, HostileHtml.AllInOne]);
        EmailChecks.AssertTextPartSaysWhatHtmlSays(email);
    }

    [Fact]
    public async Task With_no_course_to_suggest_it_points_to_the_website_and_a_reply()
    {
        var email = await composer.CancelledAsync(Booking(), course, null, [], Guid.NewGuid());

        Assert.Contains("New courses are added regularly", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("A MESSAGE FROM", email.TextBody, StringComparison.Ordinal);
    }
}
