using System.Text;
using HappyBabyHive.Courses.Emails;
using HappyBabyHive.Email;
using HappyBabyHive.Tests.Support;
using Ical.Net;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace HappyBabyHive.Tests.Email;

public sealed class BookingEmailComposerTests
{
    private const string Hostile = "<script>alert('x')</script> & \"Sam\"";

    private readonly BookingEmailComposer composer = new(
        new Mock<IBookingEmailSubjects>().Object,
        TestBookingLinks.Business,
        new Mock<HappyBabyHive.Settings.IBusinessSettingsStore>().Object,
        TestBookingLinks.Create(new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero))),
        EmailChecks.Renderer,
        new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero)));

    // Tuesdays from 16 March 2027: the clocks go forward on 28 March, between the second and third sessions.
    private readonly HappyBabyHive.Courses.Course course = SampleCourses.Massage(new DateOnly(2027, 3, 16)) with { Title = "Massage & <b>Calm</b>" };

    private static BookedFamily Booking(string name = "Sam", string baby = "Ada", bool free = false) => new(
        Reference: "K7M3-Q9XP",
        ParentName: name,
        Email: "sam@example.co.uk",
        BabyFirstName: baby,
        BabyDateOfBirth: new DateOnly(2027, 1, 1),
        IsFreePlace: free,
        IsWaitlisted: false,
        WaitlistPosition: 4);

    [Fact]
    public async Task The_confirmation_lists_every_session_in_UK_time_with_venue_and_reference()
    {
        var email = await composer.ConfirmedAsync(Booking(), course, Guid.NewGuid());

        foreach (var line in new[] { "Tuesday 16 March 2027, 10:00–11:00", "Tuesday 30 March 2027, 10:00–11:00", "Tuesday 13 April 2027, 10:00–11:00" })
        {
            Assert.Contains(line, email.TextBody, StringComparison.Ordinal);
            Assert.Contains(line, EmailChecks.VisibleText(email), StringComparison.Ordinal);
        }

        Assert.Contains("K7M3-Q9XP", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("The Hive Room, Hallgate, Cottingham HU16", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("What to bring".ToUpperInvariant(), email.TextBody, StringComparison.Ordinal);
        Assert.Contains("reply to this email", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("£60", email.TextBody, StringComparison.Ordinal);
        Assert.Equal("sam@example.co.uk", email.To.Address);
    }

    [Theory]
    [MemberData(nameof(EveryBookingEmail))]
    public async Task Hostile_text_in_every_field_stays_text_and_the_text_part_says_what_the_html_says(string kind)
    {
        var hostileCourse = course with { Title = HostileHtml.AllInOne, Venue = HostileHtml.Samples[1], VenueAddress = HostileHtml.Samples[3] };
        var family = Booking(HostileHtml.Samples[0], HostileHtml.Samples[4]) with { Reference = HostileHtml.Samples[2] };

        var email = kind switch
        {
            "waitlisted" => await composer.WaitlistedAsync(family, hostileCourse, Guid.NewGuid()),
            "promoted" => await composer.ConfirmedAsync(family, hostileCourse, Guid.NewGuid(), 10, fromWaitlist: true),
            _ => await composer.ConfirmedAsync(family, hostileCourse, Guid.NewGuid(), 10),
        };

        EmailChecks.AssertOnlyText(email, [.. HostileHtml.Samples, HostileHtml.AllInOne]);
        EmailChecks.AssertTextPartSaysWhatHtmlSays(email);
    }

    public static TheoryData<string> EveryBookingEmail => ["confirmed", "promoted", "waitlisted"];

    [Fact]
    public async Task A_confirmation_to_pay_another_way_gives_the_owners_details_and_the_reference_to_quote_as_text()
    {
        var payTo = new HappyBabyHive.Settings.PaymentDetails(HostileHtml.Samples[0], "Starling <b>Bank</b>", "12-34-56", "12345678", "HBH", HostileHtml.AllInOne);
        var family = Booking() with { Payment = new HappyBabyHive.Courses.BookingPayment { Method = HappyBabyHive.Courses.PaymentMethod.AnotherWay, AmountPence = 6000 } };

        var email = await composer.ConfirmedAsync(family, course, Guid.NewGuid(), 10, payTo: payTo);

        Assert.Contains("HOW TO PAY", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("The course costs £60. You can pay by bank transfer or in cash", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Sort code: 12-34-56", EmailChecks.VisibleText(email), StringComparison.Ordinal);
        Assert.Contains("Account number: 12345678", EmailChecks.VisibleText(email), StringComparison.Ordinal);
        Assert.Contains("Reference: HBH K7M3-Q9XP", EmailChecks.VisibleText(email), StringComparison.Ordinal);
        EmailChecks.AssertOnlyText(email, [HostileHtml.Samples[0], "Starling <b>Bank</b>", HostileHtml.AllInOne]);
        EmailChecks.AssertTextPartSaysWhatHtmlSays(email);
    }

    [Fact]
    public async Task A_confirmation_to_pay_another_way_without_details_says_the_owner_will_be_in_touch()
    {
        var family = Booking() with { Payment = new HappyBabyHive.Courses.BookingPayment { Method = HappyBabyHive.Courses.PaymentMethod.AnotherWay, AmountPence = 6000 } };

        var email = await composer.ConfirmedAsync(family, course, Guid.NewGuid(), 10, payTo: HappyBabyHive.Settings.PaymentDetails.None);

        Assert.Contains("We'll be in touch about how to pay.", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Sort code", email.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HappyBabyHive.Courses.PaymentMethod.Card)]
    [InlineData(HappyBabyHive.Courses.PaymentMethod.AnotherWay)]
    public async Task A_paid_place_is_thanked_and_not_asked_to_pay(HappyBabyHive.Courses.PaymentMethod method)
    {
        var family = Booking() with { Payment = new HappyBabyHive.Courses.BookingPayment { Method = method, AmountPence = 6000, PaidPence = 6000, PaidUtc = DateTimeOffset.UnixEpoch } };

        var email = await composer.ConfirmedAsync(family, course, Guid.NewGuid(), 12.5m, payTo: new HappyBabyHive.Settings.PaymentDetails(null, null, "12-34-56", "12345678", null, null));

        Assert.Contains("You've paid £60, thank you. 12.5% of your course fee goes to", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Sort code", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("How to pay", email.TextBody, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_free_place_confirmation_does_not_ask_for_payment()
    {
        var email = await composer.ConfirmedAsync(Booking(free: true), course, Guid.NewGuid());

        Assert.Contains("free place", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("£", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_calendar_keeps_ten_oclock_on_both_sides_of_the_clock_change()
    {
        var email = await composer.ConfirmedAsync(Booking(), course, Guid.NewGuid());
        var attachment = Assert.Single(email.Attachments);
        Assert.StartsWith("text/calendar", attachment.ContentType, StringComparison.Ordinal);

        var calendar = Calendar.Load(Encoding.UTF8.GetString(attachment.Content))!;

        Assert.Single(calendar.TimeZones, tz => tz.TzId == "Europe/London");
        var events = calendar.Events.OrderBy(e => e.DtStart!.AsUtc).ToList();
        Assert.Equal(5, events.Count);
        Assert.All(events, e =>
        {
            Assert.Equal("Europe/London", e.DtStart!.TzId);
            Assert.Equal(10, e.DtStart.Hour);
            Assert.Equal(11, e.DtEnd!.Hour);
        });
        Assert.Equal([10, 10, 9, 9, 9], events.Select(e => e.DtStart!.AsUtc.Hour));
        Assert.Equal(5, events.Select(e => e.Uid).Distinct().Count());
        Assert.Contains("K7M3-Q9XP", events[0].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_waitlist_email_gives_the_position_and_no_calendar()
    {
        var email = await composer.WaitlistedAsync(Booking(Hostile), course, Guid.NewGuid());

        Assert.Contains("number 4 on the waitlist", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("number 4 on the waitlist", EmailChecks.VisibleText(email), StringComparison.Ordinal);
        Assert.Empty(email.Attachments);
    }

    [Fact]
    public async Task A_paid_confirmation_says_what_share_of_the_fee_goes_to_the_charity()
    {
        var email = await composer.ConfirmedAsync(Booking(), course, Guid.NewGuid(), donationPercent: 12.5m);

        Assert.Contains("The course costs £60. 12.5% of your course fee goes to Mind Hull and East Yorkshire.", email.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, 10)]
    [InlineData(false, 0)]
    public async Task A_free_place_or_a_zero_donation_says_nothing_about_a_share(bool free, int percent)
    {
        var email = await composer.ConfirmedAsync(Booking(free: free), course, Guid.NewGuid(), donationPercent: percent);

        Assert.DoesNotContain("% of your course fee", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_family_moved_off_the_waitlist_is_told_a_place_opened_up_and_gets_the_calendar()
    {
        var email = await composer.ConfirmedAsync(Booking(Hostile), course, Guid.NewGuid(), donationPercent: 10, fromWaitlist: true);

        Assert.StartsWith("A place has opened up for you: ", email.Subject, StringComparison.Ordinal);
        Assert.Contains("a place has opened up on", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("offer the place to the next family", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:7071/api/manage-booking?token=", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Tuesday 13 April 2027, 10:00–11:00", email.TextBody, StringComparison.Ordinal);
        Assert.Single(email.Attachments);
        EmailChecks.AssertOnlyText(email, Hostile);
    }

    [Theory]
    [MemberData(nameof(EveryBookingEmail))]
    public async Task Every_booking_email_has_a_manage_link_that_opens_this_booking_until_a_week_after_the_course(string kind)
    {
        var links = TestBookingLinks.Create(new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero)));
        var email = kind switch
        {
            "waitlisted" => await composer.WaitlistedAsync(Booking(), course, Guid.NewGuid()),
            "promoted" => await composer.ConfirmedAsync(Booking(), course, Guid.NewGuid(), 10, fromWaitlist: true),
            _ => await composer.ConfirmedAsync(Booking(), course, Guid.NewGuid(), 10),
        };

        using var document = HostileHtml.Parse(email.HtmlBody);
        var button = Assert.Single(document.QuerySelectorAll("a[href]"), a => a.TextContent == "Manage my booking");
        var url = new Uri(button.GetAttribute("href")!);
        Assert.Equal("/api/manage-booking", url.AbsolutePath);
        var check = links.VerifyManage(System.Web.HttpUtility.ParseQueryString(url.Query)["token"]);
        Assert.True(check.IsValid);
        Assert.Equal(new HappyBabyHive.Courses.BookingKey(course.Id, "K7M3-Q9XP"), check.Booking);
        Assert.Equal(course.LastSessionEndsUtc.AddDays(7), check.ExpiresUtc);
        Assert.Contains(url.AbsoluteUri, email.TextBody, StringComparison.Ordinal);
    }
}
