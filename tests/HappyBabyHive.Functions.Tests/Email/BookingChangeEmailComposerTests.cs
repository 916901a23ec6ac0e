using HappyBabyHive.Bookings.Changes;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Emails;
using HappyBabyHive.Email;
using HappyBabyHive.Outbox;
using HappyBabyHive.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace HappyBabyHive.Tests.Email;

/// <summary>The cancellation, place-offered and offer-lapsed emails (issue #15).</summary>
public sealed class BookingChangeEmailComposerTests
{
    // Monday 22 March 2027, 09:00 UTC. The clocks go forward at 01:00 UTC on Sunday 28 March.
    private static readonly DateTimeOffset Now = new(2027, 3, 22, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider time = new(Now);
    private readonly Mock<IBookingEmailSubjects> subjects = new();
    private readonly Course course = SampleCourses.Massage(new DateOnly(2027, 4, 6)) with { Title = "Massage & <b>Calm</b>" };
    private readonly BookingLinks links;
    private readonly BookingChangeEmailComposer composer;

    public BookingChangeEmailComposerTests()
    {
        links = TestBookingLinks.Create(time);
        composer = new(
            subjects.Object,
            links,
            TestBookingLinks.Business,
            EmailChecks.Renderer,
            time);
    }

    private static BookedFamily Family(BookingStatus status, string name = "Sam", string baby = "Ada", string reference = TestFamilies.Reference) =>
        TestFamilies.Sam(status, new DateOnly(2027, 1, 1), name, baby, reference);

    private static BookedFamily Offered(DateTimeOffset expires) => Family(BookingStatus.Offered) with { OfferExpiresUtc = expires };

    private static BookedFamily Cancelled(CancellationReason reason, BookingStatus from = BookingStatus.Confirmed) =>
        Family(BookingStatus.Cancelled) with { CancellationReason = reason, CancelledFrom = from };

    [Theory]
    [MemberData(nameof(EveryEmail))]
    public async Task Hostile_text_in_every_field_stays_text_and_the_text_part_says_what_the_html_says(string kind)
    {
        var hostileCourse = course with { Title = HostileHtml.AllInOne, Venue = HostileHtml.Samples[1], VenueAddress = HostileHtml.Samples[3] };
        BookedFamily Hostile(BookedFamily family) => family with { ParentName = HostileHtml.Samples[0], BabyFirstName = HostileHtml.Samples[4], Reference = HostileHtml.Samples[2] };

        var email = kind switch
        {
            "offered" => await composer.PlaceOfferedAsync(Hostile(Offered(Now.AddHours(24))), hostileCourse, Now.AddHours(24), Guid.NewGuid()),
            "lapsed" => await composer.OfferLapsedAsync(Hostile(Cancelled(CancellationReason.OfferLapsed, BookingStatus.Offered)), hostileCourse, Guid.NewGuid()),
            "left-waitlist" => await composer.CancelledAsync(Hostile(Cancelled(CancellationReason.ByFamily, BookingStatus.Waitlisted)), hostileCourse, Guid.NewGuid()),
            "cancelled-by-owner" => await composer.CancelledAsync(Hostile(Cancelled(CancellationReason.ByOwner)), hostileCourse, Guid.NewGuid()),
            _ => await composer.CancelledAsync(Hostile(Cancelled(CancellationReason.ByFamily)), hostileCourse, Guid.NewGuid()),
        };

        EmailChecks.AssertOnlyText(email, [.. HostileHtml.Samples, HostileHtml.AllInOne]);
        EmailChecks.AssertTextPartSaysWhatHtmlSays(email);
        Assert.Equal(HostileHtml.Samples[0], email.To.DisplayName);
    }

    public static TheoryData<string> EveryEmail => ["offered", "lapsed", "left-waitlist", "cancelled-by-owner", "cancelled-by-family"];

    [Theory]
    // Held until 10:30 UK time on either side of the clock change: GMT (UTC+0) before, BST (UTC+1) after.
    [InlineData("2027-03-27T10:30:00Z", "10:30 on Saturday 27 March 2027")]
    [InlineData("2027-03-29T09:30:00Z", "10:30 on Monday 29 March 2027")]
    // The hour the clocks go forward: 00:59 UTC is still 00:59 GMT, 01:00 UTC is 02:00 BST.
    [InlineData("2027-03-28T00:59:00Z", "00:59 on Sunday 28 March 2027")]
    [InlineData("2027-03-28T01:00:00Z", "02:00 on Sunday 28 March 2027")]
    public async Task The_offer_says_until_when_the_place_is_held_in_UK_time(string expiresUtc, string expected)
    {
        var expires = DateTimeOffset.Parse(expiresUtc, System.Globalization.CultureInfo.InvariantCulture);

        var email = await composer.PlaceOfferedAsync(Offered(expires), course, expires, Guid.NewGuid());

        Assert.Contains($"We're holding it for you until {expected}.", email.TextBody, StringComparison.Ordinal);
        Assert.Contains($"We're holding it for you until {expected}.", EmailChecks.VisibleText(email), StringComparison.Ordinal);
        Assert.Contains($"If we don't hear from you by {expected}, the place will go to the next family waiting", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_claim_button_opens_the_claim_page_for_this_booking_until_the_offer_ends()
    {
        var expires = Now.AddHours(24);

        var email = await composer.PlaceOfferedAsync(Offered(expires), course, expires, Guid.NewGuid());

        using var document = HostileHtml.Parse(email.HtmlBody);
        var button = Assert.Single(document.QuerySelectorAll("a[href]"), a => a.TextContent == "Claim your place");
        var url = new Uri(button.GetAttribute("href")!);
        Assert.Equal("/api/claim-offer", url.AbsolutePath);
        var check = links.VerifyClaim(System.Web.HttpUtility.ParseQueryString(url.Query)["token"]);
        Assert.True(check.IsValid);
        Assert.Equal(new BookingKey(course.Id, "K7M3-Q9XP"), check.Booking);
        Assert.Equal(expires, check.ExpiresUtc);
        Assert.Contains("Claim your place:\n" + url.AbsoluteUri, email.TextBody, StringComparison.Ordinal);

        // The manage link is a different purpose: it cannot claim.
        Assert.False(links.VerifyClaim(links.ManageToken(course, "K7M3-Q9XP")).IsValid);
        Assert.Contains("say no thanks on the same page", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Tuesday 20 April 2027, 10:00–11:00", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("£60", email.TextBody, StringComparison.Ordinal);
        Assert.Empty(email.Attachments);
    }

    [Fact]
    public async Task Leaving_the_waitlist_says_so_and_how_to_come_back()
    {
        var email = await composer.CancelledAsync(Cancelled(CancellationReason.ByFamily, BookingStatus.Waitlisted), course, Guid.NewGuid());

        Assert.Equal("You've left the waitlist: Massage & <b>Calm</b>", email.Subject);
        Assert.Contains("You've taken Ada off the waitlist for", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("join the waitlist again", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("payment", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("your place", email.TextBody, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_family_cancelling_is_thanked_and_told_the_place_goes_to_the_next_family()
    {
        var email = await composer.CancelledAsync(Cancelled(CancellationReason.ByFamily), course, Guid.NewGuid());

        Assert.Equal("Your booking is cancelled: Massage & <b>Calm</b>", email.Subject);
        Assert.Contains("You've cancelled Ada's place on Massage & <b>Calm</b> (Tuesdays 10:00–11:00, 6 Apr – 4 May) at The Hive Room.", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("We'll offer your place to the next family on the waitlist", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("we'll be in touch about your payment", email.TextBody, StringComparison.Ordinal);
        Assert.Contains(links.ManageUrl(course, "K7M3-Q9XP").AbsoluteUri, email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_owner_cancelling_says_sorry_and_promises_a_refund()
    {
        var email = await composer.CancelledAsync(Cancelled(CancellationReason.ByOwner), course, Guid.NewGuid());

        Assert.Contains("we've had to cancel Ada's place", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("we'll be in touch about a refund", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("You've cancelled", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_free_place_goes_back_to_another_family_and_mentions_no_payment()
    {
        var email = await composer.CancelledAsync(Cancelled(CancellationReason.ByFamily) with { IsFreePlace = true }, course, Guid.NewGuid());

        Assert.Contains("free place, so there is nothing to pay", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("payment", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("waitlist", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lapsed_offer_is_kind_and_says_they_are_off_the_waitlist_and_how_to_come_back()
    {
        var email = await composer.OfferLapsedAsync(Cancelled(CancellationReason.OfferLapsed, BookingStatus.Offered), course, Guid.NewGuid());

        Assert.Equal("The place on Massage & <b>Calm</b> has gone to the next family", email.Subject);
        Assert.Contains("Please don't worry about it.", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("You're no longer on the waitlist for this course", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("if not you'll go back on the waitlist", email.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(EmailTemplates.PlaceOffered, BookingStatus.Offered, null, 2, true)]
    // Claimed before the offer email went out: the confirmation says it all.
    [InlineData(EmailTemplates.PlaceOffered, BookingStatus.Confirmed, null, 2, false)]
    // Already ended (the timer or a late claim got there first): the lapsed email follows instead.
    [InlineData(EmailTemplates.PlaceOffered, BookingStatus.Offered, null, -1, false)]
    [InlineData(EmailTemplates.PlaceOffered, BookingStatus.Cancelled, CancellationReason.OfferLapsed, 2, false)]
    [InlineData(EmailTemplates.OfferLapsed, BookingStatus.Cancelled, CancellationReason.OfferLapsed, 0, true)]
    [InlineData(EmailTemplates.OfferLapsed, BookingStatus.Cancelled, CancellationReason.OfferDeclined, 0, false)]
    [InlineData(EmailTemplates.BookingCancelled, BookingStatus.Cancelled, CancellationReason.ByFamily, 0, true)]
    [InlineData(EmailTemplates.BookingCancelled, BookingStatus.Cancelled, CancellationReason.ByOwner, 0, true)]
    // A declined offer owes no email (the family just said no on the page); a stray row sends nothing.
    [InlineData(EmailTemplates.BookingCancelled, BookingStatus.Cancelled, CancellationReason.OfferDeclined, 0, false)]
    public async Task An_owed_email_is_sent_only_while_it_still_fits_the_booking(string template, BookingStatus status, CancellationReason? reason, int offerHoursLeft, bool sent)
    {
        var family = Family(status) with { CancellationReason = reason, OfferExpiresUtc = status == BookingStatus.Offered ? Now.AddHours(offerHoursLeft) : null };
        subjects.Setup(s => s.LoadAsync(course.Id, "booking|K7M3-Q9XP", It.IsAny<CancellationToken>())).ReturnsAsync(new BookingEmailSubject(family, course, null));

        var email = await composer.ComposeAsync(Owed(template), CancellationToken.None);

        Assert.Equal(sent, email is not null);
    }

    [Fact]
    public async Task No_offer_email_once_the_course_is_cancelled()
    {
        subjects.Setup(s => s.LoadAsync(course.Id, "booking|K7M3-Q9XP", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BookingEmailSubject(Offered(Now.AddHours(5)), course with { Status = CourseStatus.Cancelled }, null));

        Assert.Null(await composer.ComposeAsync(Owed(EmailTemplates.PlaceOffered), CancellationToken.None));
    }

    [Fact]
    public async Task The_email_id_is_the_outbox_rows_so_a_resend_is_the_same_email()
    {
        subjects.Setup(s => s.LoadAsync(course.Id, "booking|K7M3-Q9XP", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BookingEmailSubject(Offered(Now.AddHours(5)), course, null));
        var owed = Owed(EmailTemplates.PlaceOffered);

        var email = await composer.ComposeAsync(owed, CancellationToken.None);

        Assert.Equal(owed.Id, email!.IdempotencyKey);
        Assert.Equal("sam@example.co.uk", email.To.Address);
    }

    private OwedEmail Owed(string template) =>
        new(new OutboxMessage("Bookings", course.Id, $"outbox|K7M3-Q9XP|{template}"), template, "booking|K7M3-Q9XP");
}
