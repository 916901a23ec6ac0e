using HappyBabyHive.Bookings;
using HappyBabyHive.Configuration;
using HappyBabyHive.Courses;
using HappyBabyHive.Email;
using HappyBabyHive.Tests.Support;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace HappyBabyHive.Tests.Email;

public sealed class CourseCancelledEmailComposerTests
{
    private const string Hostile = "<script>alert('x')</script> & \"Sam\"";

    private readonly CourseCancelledEmailComposer composer = new(
        new Mock<IBookingEmailSubjects>().Object,
        new Mock<ICourseStore>().Object,
        Options.Create(new BusinessOptions { OwnerEmail = "owner@happybabyhive.test", PublicBaseUrl = "http://127.0.0.1:7071" }),
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
    public void Each_family_is_told_what_happens_about_payment_for_their_kind_of_place(bool free, BookingStatus status, string wording)
    {
        var email = composer.Cancelled(Booking(free: free, status: status), course, null, [], Guid.NewGuid());

        Assert.Contains(wording, email.TextBody, StringComparison.Ordinal);
        Assert.Contains("K7M3-Q9XP", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Tuesdays 10:00–11:00, 16 Mar – 13 Apr", email.TextBody, StringComparison.Ordinal);
        Assert.Equal("Sorry, Massage & <b>Calm</b> has been cancelled", email.Subject);
    }

    [Fact]
    public void The_owners_message_and_every_value_are_encoded_and_other_courses_are_suggested()
    {
        var other = SampleCourses.Massage(new DateOnly(2027, 4, 6), id: "massage-april") with { Title = "April <i>Massage</i>" };

        var email = composer.Cancelled(Booking(Hostile), course, "Line one <b>\nLine two & more", [other], Guid.NewGuid());

        Assert.DoesNotContain("<script>", email.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", email.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Line one &lt;b&gt;", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Line two &amp; more", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("April <i>Massage</i>: Tuesdays 10:00–11:00, 6 Apr – 4 May, The Hive Room", email.TextBody, StringComparison.Ordinal);
        Assert.Contains(Hostile, email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void With_no_course_to_suggest_it_points_to_the_website_and_a_reply()
    {
        var email = composer.Cancelled(Booking(), course, null, [], Guid.NewGuid());

        Assert.Contains("New courses are added regularly", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("A MESSAGE FROM", email.TextBody, StringComparison.Ordinal);
    }
}
