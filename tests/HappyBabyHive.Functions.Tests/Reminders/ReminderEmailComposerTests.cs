using HappyBabyHive.Courses.Emails;
using HappyBabyHive.Configuration;
using HappyBabyHive.Courses;
using HappyBabyHive.Links;
using HappyBabyHive.Outbox;
using HappyBabyHive.Reminders;
using HappyBabyHive.Storage;
using HappyBabyHive.Tests.Storage;
using HappyBabyHive.Tests.Support;
using HappyBabyHive.Time;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace HappyBabyHive.Tests.Reminders;

public sealed class ReminderEmailComposerTests
{
    private const string SigningKey = "cZLVujAcXU+p0P6s8Rn7V7jajNvaDubLdOVCRrxvPwK6osIAjlKMNdIvVegCHfvk";

    // Sunday 14 March 2027, 10:00 GMT: the first session is Tuesday 16 March at 10:00; the clocks go forward on 28 March.
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2027, 3, 14, 10, 0, 0, TimeSpan.Zero));
    private readonly Mock<IBookingEmailSubjects> subjects = new();
    private readonly BookingLinks links;
    private readonly ReminderEmailComposer composer;
    private Course course = SampleCourses.Massage(new DateOnly(2027, 3, 16));

    public ReminderEmailComposerTests()
    {
        var business = Options.Create(new BusinessOptions { OwnerEmail = "owner@happybabyhive.test", PublicBaseUrl = "https://hive.example" });
        links = new BookingLinks(new LinkSigner(Options.Create(new LinkOptions { SigningKey = SigningKey }), time), business);
        composer = new ReminderEmailComposer(subjects.Object, links, business, EmailChecks.Renderer, time);
    }

    private static BookedFamily Family(string name = "Sam", string baby = "Ada", string reference = "K7M3-Q9XP", BookingStatus status = BookingStatus.Confirmed) =>
        new(reference, name, "sam@example.co.uk", baby, new DateOnly(2027, 1, 1), IsFreePlace: false, IsWaitlisted: status == BookingStatus.Waitlisted, WaitlistPosition: null) { Status = status };

    /// <summary>An owed reminder for <paramref name="booking"/>, whose booking and course read back as they are when it is sent.</summary>
    private Task<OwedEmail> OwedAsync(BookedFamily booking, int sessionNumber = 1)
    {
        var subjectRow = "booking|" + booking.Reference;
        subjects.Setup(s => s.LoadAsync(It.IsAny<string>(), subjectRow, It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => new BookingEmailSubject(booking, course, null));
        var template = ReminderTemplates.For(course.Sessions[sessionNumber - 1].StartsUtc);
        return Task.FromResult(new OwedEmail(new OutboxMessage("Bookings", course.Id, $"outbox|{booking.Reference}|{template}"), template, subjectRow));
    }

    [Fact]
    public async Task The_reminder_says_when_in_UK_time_where_what_to_bring_the_health_note_and_links_the_booking()
    {
        var email = (await composer.ComposeAsync(await OwedAsync(Family()), CancellationToken.None))!;

        Assert.Equal("See you soon: Baby Massage for Little Ones starts Tuesday 16 March 2027 at 10:00", email.Subject);
        Assert.Equal("sam@example.co.uk", email.To.Address);
        foreach (var text in new[]
        {
            "Tuesday 16 March 2027, 10:00–11:00",
            "The Hive Room, Hallgate, Cottingham HU16",
            "A towel or soft blanket for your baby to lie on",
            "within 48 hours of their immunisations",
            "K7M3-Q9XP",
            links.ManageUrl(course, "K7M3-Q9XP").ToString(),
        })
        {
            Assert.Contains(text, email.TextBody, StringComparison.Ordinal);
        }

        Assert.Contains("WHAT TO BRING", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Tuesday 16 March 2027, 10:00–11:00", EmailChecks.VisibleText(email), StringComparison.Ordinal);
        EmailChecks.AssertTextPartSaysWhatHtmlSays(email);
        Assert.Empty(email.Attachments);
    }

    [Fact]
    public async Task The_manage_link_opens_this_booking_until_a_week_after_the_course()
    {
        var email = (await composer.ComposeAsync(await OwedAsync(Family()), CancellationToken.None))!;

        var link = HostileHtml.Parse(email.HtmlBody).QuerySelector("a[href*='manage-booking']")!.GetAttribute("href")!;
        var check = links.VerifyManage(System.Web.HttpUtility.ParseQueryString(new Uri(link).Query)[BookingLinks.TokenParameter]);

        Assert.True(check.IsValid);
        Assert.Equal(new BookingKey(course.Id, "K7M3-Q9XP"), check.Booking);
        Assert.Equal(course.LastSessionEndsUtc.AddDays(7), check.ExpiresUtc);
    }

    [Fact]
    public async Task A_yoga_reminder_carries_the_24_hour_immunisation_note_and_yoga_things_to_bring()
    {
        course = course with { Kind = CourseKind.BabyYoga, Title = "Baby Yoga" };

        var email = (await composer.ComposeAsync(await OwedAsync(Family()), CancellationToken.None))!;

        Assert.Contains("Please don't bring your baby to yoga within 24 hours of their immunisations", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Comfortable clothes you can move in", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("48 hours", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_later_session_reminder_names_the_session_in_UK_time_after_the_clock_change()
    {
        time.SetUtcNow(UkTime.FromUkLocal(new DateOnly(2027, 3, 29), new TimeOnly(10, 0)));

        var email = (await composer.ComposeAsync(await OwedAsync(Family(), sessionNumber: 3), CancellationToken.None))!;

        Assert.Equal("See you Tuesday 30 March 2027 at 10:00: Baby Massage for Little Ones, session 3", email.Subject);
        Assert.Contains("session 3 of 5", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Tuesday 30 March 2027, 10:00–11:00", email.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Hostile_text_in_every_field_stays_text_and_the_text_part_says_what_the_html_says(int sessionNumber)
    {
        course = course with { Title = HostileHtml.AllInOne, Venue = HostileHtml.Samples[1], VenueAddress = HostileHtml.Samples[3] };
        var family = Family(HostileHtml.Samples[0], HostileHtml.Samples[4]);

        var email = await composer.ReminderAsync(family, course, sessionNumber, Guid.NewGuid());

        EmailChecks.AssertOnlyText(email, [.. HostileHtml.Samples, HostileHtml.AllInOne]);
        EmailChecks.AssertTextPartSaysWhatHtmlSays(email);
    }

    [Theory]
    [InlineData(BookingStatus.Cancelled)]
    [InlineData(BookingStatus.Waitlisted)]
    [InlineData(BookingStatus.Offered)]
    public async Task A_booking_no_longer_confirmed_when_the_reminder_is_sent_gets_nothing(BookingStatus status)
    {
        var owed = await OwedAsync(Family(status: status));

        Assert.Null(await composer.ComposeAsync(owed, CancellationToken.None));
    }

    [Fact]
    public async Task Nothing_is_sent_for_a_cancelled_course_a_moved_session_a_started_session_or_a_missing_booking()
    {
        var owed = await OwedAsync(Family());
        var original = course;

        course = original with { Status = CourseStatus.Cancelled };
        Assert.Null(await composer.ComposeAsync(owed, CancellationToken.None));

        course = original with { Sessions = [.. original.Sessions.Select(s => new CourseSession(s.StartsUtc.AddHours(1), s.EndsUtc.AddHours(1)))] };
        Assert.Null(await composer.ComposeAsync(owed, CancellationToken.None));

        course = original;
        Assert.Null(await composer.ComposeAsync(owed with { SubjectRowKey = RowKeys.Booking("NO-SUCH") }, CancellationToken.None));

        time.SetUtcNow(original.FirstSessionStartsUtc.AddMinutes(-1));
        Assert.NotNull(await composer.ComposeAsync(owed, CancellationToken.None));
        time.SetUtcNow(original.FirstSessionStartsUtc);
        Assert.Null(await composer.ComposeAsync(owed, CancellationToken.None));
    }

    [Fact]
    public void It_composes_reminder_templates_only()
    {
        Assert.True(composer.CanCompose(ReminderTemplates.For(course.FirstSessionStartsUtc)));
        Assert.False(composer.CanCompose(EmailTemplates.BookingConfirmed));
    }
}
