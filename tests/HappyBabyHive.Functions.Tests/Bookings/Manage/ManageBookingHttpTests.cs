using HappyBabyHive.Bookings.Changes;
using HappyBabyHive.Bookings.Manage;
using HappyBabyHive.Courses;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage;
using HappyBabyHive.Storage.Courses;
using Microsoft.AspNetCore.Mvc;
using Moq;

namespace HappyBabyHive.Tests.Bookings.Manage;

/// <summary>The manage-my-booking page: GET only shows; each change is two POSTs (are you sure, then do it); every outcome has its page.</summary>
public sealed class ManageBookingHttpTests
{
    private readonly ManageFixture f = new();

    private static async Task<ContentResult> Page(Task<IActionResult> result) => Assert.IsType<ContentResult>(await result);

    private Dictionary<string, string> Form(string action, bool confirm = false, string? token = null)
    {
        var form = new Dictionary<string, string> { ["token"] = token ?? f.ManageToken, ["action"] = action };
        if (confirm)
        {
            form["confirm"] = "yes";
        }

        return form;
    }

    [Fact]
    public async Task Opening_the_link_shows_the_booking_every_date_the_venue_and_the_cut_off_and_changes_nothing()
    {
        await f.WithAsync(ManageFixture.Booking());
        var commits = f.Store.Commits;

        var page = await Page(f.ManageFunction.ShowManageBooking(ManageFixture.Get(f.ManageToken), CancellationToken.None));

        Assert.Equal(200, page.StatusCode);
        Assert.Contains(ManageFixture.Reference, page.Content, StringComparison.Ordinal);
        Assert.Contains("You&#x27;re booked.", page.Content, StringComparison.Ordinal);
        Assert.Contains("Ada", page.Content, StringComparison.Ordinal);
        foreach (var date in new[] { "Tuesday 2 February 2027, 10:00–11:00", "Tuesday 2 March 2027, 10:00–11:00" })
        {
            Assert.Contains(date, System.Net.WebUtility.HtmlDecode(page.Content), StringComparison.Ordinal);
        }

        Assert.Contains("The Hive Room", page.Content, StringComparison.Ordinal);
        Assert.Contains("Hallgate, Cottingham HU16", page.Content, StringComparison.Ordinal);
        Assert.Contains("up to 2 days before the first session: until Sunday 31 January 2027 at 10:00", page.Content, StringComparison.Ordinal);
        Assert.Contains("Cancel my place", page.Content, StringComparison.Ordinal);
        Assert.Contains("hello@happybabyhive.test", page.Content, StringComparison.Ordinal);
        Assert.Equal(commits, f.Store.Commits);
        f.Changes.VerifyNoOtherCalls();
        f.Transfers.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task The_page_is_never_framed_and_has_no_script()
    {
        await f.WithAsync(ManageFixture.Booking());
        var request = ManageFixture.Get(f.ManageToken);

        var page = await Page(f.ManageFunction.ShowManageBooking(request, CancellationToken.None));

        Assert.Equal("DENY", request.HttpContext.Response.Headers.XFrameOptions.ToString());
        Assert.Contains("frame-ancestors 'none'", request.HttpContext.Response.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page.Content, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task In_UK_summer_time_the_dates_and_cut_off_are_in_BST()
    {
        var summer = new ManageFixture { Course = SampleCourses.Massage(new DateOnly(2027, 6, 1)) };
        await summer.WithAsync(ManageFixture.Booking());

        var page = await Page(summer.ManageFunction.ShowManageBooking(ManageFixture.Get(summer.ManageToken), CancellationToken.None));

        Assert.Contains("Tuesday 1 June 2027, 10:00–11:00", System.Net.WebUtility.HtmlDecode(page.Content), StringComparison.Ordinal);
        Assert.Contains("until Sunday 30 May 2027 at 10:00", page.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_the_cut_off_the_page_offers_no_cancel_and_says_whom_to_contact()
    {
        await f.WithAsync(ManageFixture.Booking());
        f.Clock.SetUtcNow(new DateTimeOffset(2027, 2, 1, 9, 0, 0, TimeSpan.Zero));

        var page = await Page(f.ManageFunction.ShowManageBooking(ManageFixture.Get(f.ManageToken), CancellationToken.None));

        Assert.DoesNotContain("Cancel my place", page.Content, StringComparison.Ordinal);
        Assert.Contains("After that, please get in touch", page.Content, StringComparison.Ordinal);
        Assert.Contains("hello@happybabyhive.test", page.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_waiting_family_sees_their_place_in_the_queue_and_can_leave()
    {
        await f.WithAsync(ManageFixture.Booking(BookingStatus.Waitlisted));

        var page = await Page(f.ManageFunction.ShowManageBooking(ManageFixture.Get(f.ManageToken), CancellationToken.None));

        Assert.Contains("You&#x27;re number 2 on the waitlist.", page.Content, StringComparison.Ordinal);
        Assert.Contains("Leave the waitlist", page.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("Move to another course", page.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_offered_family_sees_until_when_the_place_is_held()
    {
        await f.WithAsync(ManageFixture.Booking(BookingStatus.Offered));

        var page = await Page(f.ManageFunction.ShowManageBooking(ManageFixture.Get(f.ManageToken), CancellationToken.None));

        Assert.Contains("held for you until Tuesday 5 January 2027 at 08:00", page.Content, StringComparison.Ordinal);
        var claim = System.Text.RegularExpressions.Regex.Match(page.Content!, "href=\"claim-offer\\?token=([^\"]+)\"");
        Assert.True(claim.Success);
        Assert.Equal(f.Key, f.Links.VerifyClaim(Uri.UnescapeDataString(claim.Groups[1].Value)).Booking);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("eyJhIjoxfQ.AAAA")]
    public async Task A_broken_link_gets_a_kind_page_with_whom_to_contact(string? token)
    {
        await f.WithAsync(ManageFixture.Booking());

        var page = await Page(f.ManageFunction.ShowManageBooking(ManageFixture.Get(token), CancellationToken.None));

        Assert.Equal(400, page.StatusCode);
        Assert.Contains("This link doesn&#x27;t look right", page.Content, StringComparison.Ordinal);
        Assert.Contains("hello@happybabyhive.test", page.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_token_is_refused()
    {
        await f.WithAsync(ManageFixture.Booking());
        var token = f.ManageToken;
        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];

        var page = await Page(f.ManageFunction.ShowManageBooking(ManageFixture.Get(tampered), CancellationToken.None));

        Assert.Equal(400, page.StatusCode);
        Assert.DoesNotContain(ManageFixture.Reference, page.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_claim_link_does_not_open_the_manage_page()
    {
        await f.WithAsync(ManageFixture.Booking());

        var page = await Page(f.ManageFunction.ShowManageBooking(ManageFixture.Get(f.ClaimToken()), CancellationToken.None));

        Assert.Equal(400, page.StatusCode);
    }

    [Fact]
    public async Task An_expired_link_gets_a_kind_410_page()
    {
        await f.WithAsync(ManageFixture.Booking());
        var token = f.ManageToken;
        f.Clock.SetUtcNow(f.Course.LastSessionEndsUtc.AddDays(8));

        var page = await Page(f.ManageFunction.ShowManageBooking(ManageFixture.Get(token), CancellationToken.None));

        Assert.Equal(410, page.StatusCode);
        Assert.Contains("This link has expired", page.Content, StringComparison.Ordinal);
        Assert.Contains("hello@happybabyhive.test", page.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_to_a_booking_that_is_gone_is_a_kind_404()
    {
        f.Store.Add(f.Course);

        var page = await Page(f.ManageFunction.ShowManageBooking(ManageFixture.Get(f.ManageToken), CancellationToken.None));

        Assert.Equal(404, page.StatusCode);
    }

    [Fact]
    public async Task The_first_cancel_POST_only_asks_are_you_sure_carrying_the_token()
    {
        await f.WithAsync(ManageFixture.Booking());

        var page = await Page(f.ManageFunction.ChangeManageBooking(ManageFixture.Post(Form("cancel")), CancellationToken.None));

        Assert.Equal(200, page.StatusCode);
        Assert.Contains("Are you sure you want to cancel your place?", page.Content, StringComparison.Ordinal);
        Assert.Contains($"name=\"token\" value=\"{f.ManageToken}\"", page.Content, StringComparison.Ordinal);
        Assert.Contains("name=\"confirm\" value=\"yes\"", page.Content, StringComparison.Ordinal);
        Assert.Contains("No, keep my place", page.Content, StringComparison.Ordinal);
        f.Changes.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Confirming_cancels_the_booking_the_token_names_as_the_family_with_an_email()
    {
        await f.WithAsync(ManageFixture.Booking());
        f.Changes.Setup(c => c.CancelAsync(f.Key, ChangedBy.Family, true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CancelOutcome.Cancelled(ManageFixture.Booking() with { Status = BookingStatus.Cancelled }, f.Course, 1));
        var form = Form("cancel", confirm: true);
        form["reference"] = "OTHER-REF";
        form["courseId"] = "another-course";

        var page = await Page(f.ManageFunction.ChangeManageBooking(ManageFixture.Post(form), CancellationToken.None));

        Assert.Equal(200, page.StatusCode);
        Assert.Contains("Your booking is cancelled", page.Content, StringComparison.Ordinal);
        f.Changes.Verify(c => c.CancelAsync(f.Key, ChangedBy.Family, true, It.IsAny<CancellationToken>()), Times.Once);
    }

    public static TheoryData<string, int, string> CancelOutcomes => new()
    {
        { "already", 200, "was already cancelled on Sunday 3 January 2027 at 09:00. Nothing else has changed." },
        { "too-late", 409, "It&#x27;s too late to cancel here" },
        { "over", 409, "This course has already started" },
        { "not-found", 404, "We can&#x27;t find this booking" },
        { "busy", 503, "Please try again in a moment" },
    };

    [Theory]
    [MemberData(nameof(CancelOutcomes))]
    public async Task Every_cancel_outcome_has_its_own_page_and_status(string kind, int status, string words)
    {
        await f.WithAsync(ManageFixture.Booking());
        var booking = ManageFixture.Booking();
        CancelOutcome outcome = kind switch
        {
            "already" => new CancelOutcome.AlreadyCancelled(booking with { Status = BookingStatus.Cancelled, CancelledUtc = ManageFixture.Now.AddDays(-1) }, f.Course),
            "too-late" => new CancelOutcome.TooLate(booking, f.Course, f.Course.FirstSessionStartsUtc.AddHours(-48)),
            "over" => new CancelOutcome.CourseOver(booking, f.Course),
            "not-found" => new CancelOutcome.NotFound(),
            _ => new CancelOutcome.Busy(),
        };
        f.Changes.Setup(c => c.CancelAsync(f.Key, ChangedBy.Family, true, It.IsAny<CancellationToken>())).ReturnsAsync(outcome);
        var request = ManageFixture.Post(Form("cancel", confirm: true));

        var page = await Page(f.ManageFunction.ChangeManageBooking(request, CancellationToken.None));

        Assert.Equal(status, page.StatusCode);
        Assert.Contains(words, page.Content, StringComparison.Ordinal);
        if (status == 503)
        {
            Assert.Equal("2", request.HttpContext.Response.Headers.RetryAfter.ToString());
        }

        if (kind == "too-late")
        {
            Assert.Contains("hello@happybabyhive.test", page.Content, StringComparison.Ordinal);
            Assert.Contains(ManageFixture.Reference, page.Content, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Leaving_the_waitlist_asks_first_in_its_own_words_then_uses_the_same_cancel()
    {
        await f.WithAsync(ManageFixture.Booking(BookingStatus.Waitlisted));
        f.Changes.Setup(c => c.CancelAsync(f.Key, ChangedBy.Family, true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CancelOutcome.Cancelled(ManageFixture.Booking() with { Status = BookingStatus.Cancelled }, f.Course, 0));

        var ask = await Page(f.ManageFunction.ChangeManageBooking(ManageFixture.Post(Form("cancel")), CancellationToken.None));
        var done = await Page(f.ManageFunction.ChangeManageBooking(ManageFixture.Post(Form("cancel", confirm: true)), CancellationToken.None));

        Assert.Contains("Are you sure you want to leave the waitlist?", ask.Content, StringComparison.Ordinal);
        Assert.Contains("You&#x27;ve left the waitlist", done.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Turning_down_a_held_place_from_the_manage_page_is_a_decline()
    {
        await f.WithAsync(ManageFixture.Booking(BookingStatus.Offered));
        f.Changes.Setup(c => c.DeclineOfferAsync(f.Key, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CancelOutcome.Cancelled(ManageFixture.Booking() with { Status = BookingStatus.Cancelled }, f.Course, 1));

        var ask = await Page(f.ManageFunction.ChangeManageBooking(ManageFixture.Post(Form("cancel")), CancellationToken.None));
        var done = await Page(f.ManageFunction.ChangeManageBooking(ManageFixture.Post(Form("cancel", confirm: true)), CancellationToken.None));

        Assert.Contains("Are you sure you don&#x27;t want the place?", ask.Content, StringComparison.Ordinal);
        Assert.Contains("Thank you for letting us know", done.Content, StringComparison.Ordinal);
        f.Changes.Verify(c => c.DeclineOfferAsync(f.Key, It.IsAny<CancellationToken>()), Times.Once);
        f.Changes.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("cross-site", "https://evil.example")]
    [InlineData("same-site", "https://hive.example")]
    public async Task A_POST_another_site_started_is_refused_and_changes_nothing(string fetchSite, string origin)
    {
        await f.WithAsync(ManageFixture.Booking());

        var page = await Page(f.ManageFunction.ChangeManageBooking(ManageFixture.Post(Form("cancel", confirm: true), origin, fetchSite), CancellationToken.None));

        Assert.Equal(403, page.StatusCode);
        f.Changes.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_POST_with_a_tampered_token_is_refused()
    {
        await f.WithAsync(ManageFixture.Booking());

        var page = await Page(f.ManageFunction.ChangeManageBooking(ManageFixture.Post(Form("cancel", confirm: true, token: f.ManageToken + "x")), CancellationToken.None));

        Assert.Equal(400, page.StatusCode);
        f.Changes.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_POST_that_is_not_a_form_is_a_kind_page_not_a_500()
    {
        var request = ManageFixture.Post(Form("cancel"));
        request.ContentType = "multipart/form-data";

        var page = await Page(f.ManageFunction.ChangeManageBooking(request, CancellationToken.None));

        Assert.Equal(400, page.StatusCode);
    }

    [Fact]
    public async Task An_unknown_action_changes_nothing()
    {
        await f.WithAsync(ManageFixture.Booking());

        var page = await Page(f.ManageFunction.ChangeManageBooking(ManageFixture.Post(Form("delete-everything", confirm: true)), CancellationToken.None));

        Assert.Equal(400, page.StatusCode);
        f.Changes.VerifyNoOtherCalls();
    }

    // ---- Moving ----

    private static Course Other(string id = "massage-later") => SampleCourses.Massage(new DateOnly(2027, 3, 9), id: id) with { Venue = "Hessle Library" };

    [Fact]
    public async Task Move_shows_the_choices_then_asks_then_moves_to_the_course_chosen()
    {
        await f.WithAsync(ManageFixture.Booking());
        var other = Other();
        f.Transfers.Setup(t => t.ChoicesAsync(f.Key, It.IsAny<CancellationToken>())).ReturnsAsync([other]);
        var moved = ManageFixture.Booking(reference: "NEW1-REF1");
        f.Transfers.Setup(t => t.MoveAsync(f.Key, other.Id, ChangedBy.Family, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new TransferOutcome.Moved(ManageFixture.Booking() with { Status = BookingStatus.Cancelled }, f.Course, moved, other));

        var choices = await Page(f.ManageFunction.ChangeManageBooking(ManageFixture.Post(Form("move")), CancellationToken.None));
        var pick = Form("move");
        pick["courseId"] = other.Id;
        var ask = await Page(f.ManageFunction.ChangeManageBooking(ManageFixture.Post(pick), CancellationToken.None));
        pick["confirm"] = "yes";
        var done = await Page(f.ManageFunction.ChangeManageBooking(ManageFixture.Post(pick), CancellationToken.None));

        Assert.Contains($"value=\"{other.Id}\"", choices.Content, StringComparison.Ordinal);
        Assert.Contains("Hessle Library", choices.Content, StringComparison.Ordinal);
        Assert.Contains("Move to Baby Massage for Little Ones?", ask.Content, StringComparison.Ordinal);
        Assert.Contains($"name=\"courseId\" value=\"{other.Id}\"", ask.Content, StringComparison.Ordinal);
        Assert.Equal(200, done.StatusCode);
        Assert.Contains("NEW1-REF1", done.Content, StringComparison.Ordinal);
        f.Transfers.Verify(t => t.MoveAsync(f.Key, other.Id, ChangedBy.Family, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_course_no_longer_among_the_choices_is_not_offered_for_confirmation()
    {
        await f.WithAsync(ManageFixture.Booking());
        f.Transfers.Setup(t => t.ChoicesAsync(f.Key, It.IsAny<CancellationToken>())).ReturnsAsync([]);
        var pick = Form("move");
        pick["courseId"] = "massage-full";

        var page = await Page(f.ManageFunction.ChangeManageBooking(ManageFixture.Post(pick), CancellationToken.None));

        Assert.Equal(422, page.StatusCode);
        f.Transfers.Verify(t => t.MoveAsync(It.IsAny<BookingKey>(), It.IsAny<string>(), It.IsAny<ChangedBy>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    public static TheoryData<string, int> MoveOutcomes => new()
    {
        { "no-space", 409 },
        { "too-late", 409 },
        { "not-movable", 409 },
        { "already", 200 },
        { "not-found", 404 },
        { "busy", 503 },
    };

    [Theory]
    [MemberData(nameof(MoveOutcomes))]
    public async Task Every_move_outcome_has_its_own_page_and_status(string kind, int status)
    {
        await f.WithAsync(ManageFixture.Booking());
        var other = Other();
        var booking = ManageFixture.Booking();
        TransferOutcome outcome = kind switch
        {
            "no-space" => new TransferOutcome.NoSpace(other),
            "too-late" => new TransferOutcome.TooLate(booking, f.Course, f.Course.FirstSessionStartsUtc.AddHours(-48)),
            "not-movable" => new TransferOutcome.NotMovable(booking, f.Course, "A free place can't be moved."),
            "already" => new TransferOutcome.AlreadyMoved(booking, f.Course, booking with { Reference = "NEW1-REF1" }, other),
            "not-found" => new TransferOutcome.NotFound(),
            _ => new TransferOutcome.Busy(),
        };
        f.Transfers.Setup(t => t.ChoicesAsync(f.Key, It.IsAny<CancellationToken>())).ReturnsAsync([other]);
        f.Transfers.Setup(t => t.MoveAsync(f.Key, other.Id, ChangedBy.Family, It.IsAny<CancellationToken>())).ReturnsAsync(outcome);
        var form = Form("move", confirm: true);
        form["courseId"] = other.Id;

        var page = await Page(f.ManageFunction.ChangeManageBooking(ManageFixture.Post(form), CancellationToken.None));

        Assert.Equal(status, page.StatusCode);
    }

    // ---- Contact details ----

    [Fact]
    public async Task Contact_shows_the_form_first_then_saves_a_new_phone_straight_away()
    {
        await f.WithAsync(ManageFixture.Booking());

        var form = await Page(f.ManageFunction.ChangeManageBooking(ManageFixture.Post(Form("contact")), CancellationToken.None));
        var save = Form("contact", confirm: true);
        save["phone"] = "01482 000111";
        save["email"] = "sam@example.co.uk";
        var saved = await Page(f.ManageFunction.ChangeManageBooking(ManageFixture.Post(save), CancellationToken.None));

        Assert.Contains("value=\"07700 900123\"", form.Content, StringComparison.Ordinal);
        Assert.Equal(200, saved.StatusCode);
        Assert.Contains("Your new phone number is saved.", saved.Content, StringComparison.Ordinal);
        Assert.Equal("01482 000111", f.Stored().Phone);
        f.Queue.Verify(q => q.EnqueueAsync(It.IsAny<OutboxMessage>(), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_new_email_address_waits_for_the_link_sent_to_it()
    {
        await f.WithAsync(ManageFixture.Booking());
        var save = Form("contact", confirm: true);
        save["phone"] = "07700 900123";
        save["email"] = "sam.new@example.co.uk";

        var saved = await Page(f.ManageFunction.ChangeManageBooking(ManageFixture.Post(save), CancellationToken.None));

        Assert.Contains("We&#x27;ve emailed a link to your new address", saved.Content, StringComparison.Ordinal);
        var stored = f.Stored();
        Assert.Equal("sam@example.co.uk", stored.Email);
        Assert.Equal("sam.new@example.co.uk", stored.PendingEmail);
        Assert.Single(f.Store.Rows<HappyBabyHive.Storage.OutboxEntity>(f.Course.Id, RowKeys.OutboxPrefix), o => o.Template == "booking-email-confirm-1");
        f.Queue.Verify(q => q.EnqueueAsync(It.Is<OutboxMessage>(m => m.RowKey == RowKeys.Outbox(ManageFixture.Reference, "booking-email-confirm-1")), null, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_mistyped_contact_detail_shows_the_form_again_with_what_was_typed_and_saves_nothing()
    {
        await f.WithAsync(ManageFixture.Booking());
        var commits = f.Store.Commits;
        var save = Form("contact", confirm: true);
        save["phone"] = "call me maybe";
        save["email"] = "not-an-address";

        var page = await Page(f.ManageFunction.ChangeManageBooking(ManageFixture.Post(save), CancellationToken.None));

        Assert.Equal(422, page.StatusCode);
        Assert.Contains("value=\"not-an-address\"", page.Content, StringComparison.Ordinal);
        Assert.Contains("doesn&#x27;t look like an email address", page.Content, StringComparison.Ordinal);
        Assert.Contains("Please use digits", page.Content, StringComparison.Ordinal);
        Assert.Equal(commits, f.Store.Commits);
    }

    [Fact]
    public async Task Contact_details_of_a_cancelled_booking_cannot_be_changed()
    {
        await f.WithAsync(ManageFixture.Booking() with { Status = BookingStatus.Cancelled, CancelledUtc = ManageFixture.Now });
        var save = Form("contact", confirm: true);
        save["email"] = "sam.new@example.co.uk";

        var page = await Page(f.ManageFunction.ChangeManageBooking(ManageFixture.Post(save), CancellationToken.None));

        Assert.Equal(409, page.StatusCode);
        Assert.Null(f.Stored().PendingEmail);
    }
}
