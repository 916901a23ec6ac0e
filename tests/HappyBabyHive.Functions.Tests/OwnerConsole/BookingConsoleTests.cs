using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using HappyBabyHive.Bookings.Changes;
using HappyBabyHive.Courses;
using HappyBabyHive.Functions;
using HappyBabyHive.OwnerConsole.Pages;
using HappyBabyHive.Registers;
using HappyBabyHive.TestSupport;
using Microsoft.AspNetCore.Mvc;
using Moq;
using static HappyBabyHive.Tests.OwnerConsole.ConsoleTestSupport;

namespace HappyBabyHive.Tests.OwnerConsole;

/// <summary>The owner's single-booking actions in the console: cancel with a confirm step, move, and attendance per session.</summary>
public sealed class BookingConsoleTests
{
    private static readonly string Hostile = HostileHtml.AllInOne;
    private static readonly DateOnly FirstSession = new(2026, 12, 1);

    private readonly SignedIn owner = new();
    private readonly Mock<IBookingChangeService> changes = new(MockBehavior.Strict);
    private readonly Mock<IAttendanceService> attendance = new(MockBehavior.Strict);
    private readonly Mock<IBookingTransfers> transfers = new(MockBehavior.Strict);
    private readonly Mock<IRegisterService> registers = new();
    private readonly Course course = SampleCourses.Massage(FirstSession) with { WaitlistCount = 1 };

    private ConsoleBookingsHttp Bookings() => new(owner.Guard(), changes.Object, attendance.Object, registers.Object, new BookingPages(Page()), Page());

    private ConsoleBookingTransfersHttp Transfers() => new(owner.Guard(), transfers.Object, registers.Object, new BookingPages(Page()), Page());

    private static RegisterEntry Entry(string reference, string tag = "", int? waitlist = null, params DateOnly[] attended) =>
        new(reference, tag + "Jo Bloggs", tag + "jo@example.co.uk", tag + "07700 900123", tag + "Ada", new DateOnly(2026, 9, 1), tag + "13 weeks", false, new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero), waitlist)
        {
            AttendedSessions = attended,
        };

    private void HasRegister(Course c, RegisterEntry[] booked, RegisterEntry[]? waiting = null) =>
        registers.Setup(r => r.GetAsync(c.Id, It.IsAny<CancellationToken>())).ReturnsAsync(new CourseRegister(c, booked, waiting ?? []));

    private string BookingPath(string reference, string action) => $"/api/console/courses/{course.Id}/bookings/{reference}/{action}";

    [Fact]
    public async Task The_cancel_page_shows_the_family_and_what_happens_and_changes_nothing()
    {
        HasRegister(course, [Entry("AAAA-1111")]);

        var result = Assert.IsType<ContentResult>(await Bookings().ConsoleConfirmCancelBooking(owner.Get(BookingPath("AAAA-1111", "cancel")), course.Id, "AAAA-1111", CancellationToken.None));
        using var page = Parse(result);

        Assert.Equal(200, result.StatusCode);
        Assert.Equal("Cancel this booking?", page.QuerySelector("h1")!.TextContent);
        var form = page.QuerySelector<IHtmlFormElement>("main form")!;
        Assert.Equal(("post", BookingPath("AAAA-1111", "cancel")), (form.Method, form.GetAttribute("action")));
        Assert.True(page.QuerySelector<IHtmlInputElement>("input[name=emailFamily]")!.IsChecked);
        Assert.Equal(owner.Session.CsrfToken, page.QuerySelector<IHtmlInputElement>("input[name=csrf]")!.Value);
        Assert.Contains("offered straight away to the first family on the waitlist", page.QuerySelector(".card.status")!.TextContent, StringComparison.Ordinal);
        changes.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task The_cancel_page_links_the_bookings_payment_page_when_the_place_has_money()
    {
        HasRegister(course, [
            Entry("AAAA-1111") with { Payment = new BookingPayment { Method = PaymentMethod.AnotherWay, AmountPence = 6000 } },
            Entry("BBBB-2222"),
        ]);

        using var paid = Parse(await Bookings().ConsoleConfirmCancelBooking(owner.Get(BookingPath("AAAA-1111", "cancel")), course.Id, "AAAA-1111", CancellationToken.None));
        using var old = Parse(await Bookings().ConsoleConfirmCancelBooking(owner.Get(BookingPath("BBBB-2222", "cancel")), course.Id, "BBBB-2222", CancellationToken.None));

        var link = paid.QuerySelector("main .card dd a.payment-link")!;
        Assert.Equal((BookingPath("AAAA-1111", "payment"), "Unpaid £60.00: bank transfer or cash"), (link.GetAttribute("href"), link.TextContent));
        Assert.Equal("Payment", link.ParentElement!.PreviousElementSibling!.TextContent);
        Assert.Null(old.QuerySelector("a.payment-link"));
        changes.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Taking_a_family_off_the_waitlist_is_worded_for_the_waitlist()
    {
        HasRegister(course, [], [Entry("WWWW-1111", waitlist: 2)]);

        using var page = Parse(await Bookings().ConsoleConfirmCancelBooking(owner.Get(BookingPath("WWWW-1111", "cancel")), course.Id, "WWWW-1111", CancellationToken.None));

        Assert.Equal("Take this family off the waitlist?", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("place 2 on the waitlist", page.QuerySelectorAll("dd")[2].TextContent);
        Assert.Equal("Take them off the waitlist", page.QuerySelector("button.danger")!.TextContent);
    }

    [Fact]
    public async Task Hostile_text_on_the_cancel_page_is_shown_as_text()
    {
        var hostileCourse = course with { Title = Hostile + "title" };
        HasRegister(hostileCourse, [Entry("AAAA-1111", Hostile)]);

        var result = Assert.IsType<ContentResult>(await Bookings().ConsoleConfirmCancelBooking(owner.Get(BookingPath("AAAA-1111", "cancel")), course.Id, "AAAA-1111", CancellationToken.None));

        HostileHtml.AssertOnlyText(result.Content!, Hostile + "title", Hostile + "Jo Bloggs", Hostile + "Ada");
    }

    [Fact]
    public async Task An_unknown_booking_is_not_found()
    {
        HasRegister(course, [Entry("AAAA-1111")]);

        var result = Assert.IsType<ContentResult>(await Bookings().ConsoleConfirmCancelBooking(owner.Get(BookingPath("NOPE", "cancel")), course.Id, "NOPE", CancellationToken.None));

        Assert.Equal((404, "We couldn't find that booking"), (result.StatusCode, Parse(result).QuerySelector("h1")!.TextContent));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData(null, false)]
    public async Task Cancelling_goes_back_to_the_register_saying_what_happened(string? ticked, bool emailFamily)
    {
        var booking = Booking("AAAA-1111");
        changes.Setup(c => c.CancelAsync(new BookingKey(course.Id, "AAAA-1111"), ChangedBy.Owner, emailFamily, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CancelOutcome.Cancelled(booking, course, OfferedTo: 1));
        var request = ticked is null
            ? owner.Post(BookingPath("AAAA-1111", "cancel"))
            : owner.Post(BookingPath("AAAA-1111", "cancel"), ("emailFamily", ticked));

        var result = await Bookings().ConsoleCancelBooking(request, course.Id, "AAAA-1111", CancellationToken.None);

        Assert.Equal(303, Assert.IsType<StatusCodeResult>(result).StatusCode);
        Assert.Equal($"/api/console/courses/{course.Id}/register?done=cancelled&n=1", SignedIn.Location(request));
    }

    [Fact]
    public async Task Cancelling_twice_says_it_was_already_cancelled()
    {
        changes.Setup(c => c.CancelAsync(It.IsAny<BookingKey>(), ChangedBy.Owner, true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CancelOutcome.AlreadyCancelled(Booking("AAAA-1111"), course));
        var request = owner.Post(BookingPath("AAAA-1111", "cancel"), ("emailFamily", "true"));

        await Bookings().ConsoleCancelBooking(request, course.Id, "AAAA-1111", CancellationToken.None);

        Assert.EndsWith("/register?done=already-cancelled", SignedIn.Location(request), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_busy_course_brings_the_confirm_page_back_with_retry_after_and_the_choice_kept()
    {
        HasRegister(course, [Entry("AAAA-1111")]);
        changes.Setup(c => c.CancelAsync(It.IsAny<BookingKey>(), ChangedBy.Owner, false, It.IsAny<CancellationToken>())).ReturnsAsync(new CancelOutcome.Busy());
        var request = owner.Post(BookingPath("AAAA-1111", "cancel"));

        var result = Assert.IsType<ContentResult>(await Bookings().ConsoleCancelBooking(request, course.Id, "AAAA-1111", CancellationToken.None));
        using var page = Parse(result);

        Assert.Equal(503, result.StatusCode);
        Assert.Equal("2", request.HttpContext.Response.Headers.RetryAfter.ToString());
        Assert.False(page.QuerySelector<IHtmlInputElement>("input[name=emailFamily]")!.IsChecked);
        Assert.StartsWith("Error: ", page.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_course_already_under_way_is_a_conflict_on_the_confirm_page()
    {
        HasRegister(course, [Entry("AAAA-1111")]);
        changes.Setup(c => c.CancelAsync(It.IsAny<BookingKey>(), ChangedBy.Owner, true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CancelOutcome.CourseOver(Booking("AAAA-1111"), course));

        var result = Assert.IsType<ContentResult>(await Bookings().ConsoleCancelBooking(
            owner.Post(BookingPath("AAAA-1111", "cancel"), ("emailFamily", "true")), course.Id, "AAAA-1111", CancellationToken.None));

        Assert.Equal(409, result.StatusCode);
        Assert.Contains("already started", Parse(result).QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancel_without_the_csrf_token_changes_nothing()
    {
        var request = FormPost(owner.CookieValue, "emailFamily=true", BookingPath("AAAA-1111", "cancel"));

        var result = Assert.IsType<ContentResult>(await Bookings().ConsoleCancelBooking(request, course.Id, "AAAA-1111", CancellationToken.None));

        Assert.Equal(403, result.StatusCode);
        changes.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task The_register_links_each_family_to_cancel_move_and_each_session_to_its_attendance()
    {
        HasRegister(course, [Entry("AAAA-1111", attended: [FirstSession])], [Entry("WWWW-1111", waitlist: 1)]);
        var request = owner.Get($"/api/console/courses/{course.Id}/register?done=cancelled&n=1");

        using var page = Parse(await new ConsoleRegisterHttp(owner.Guard(), registers.Object, new RegisterPage(Page(), owner.Clock), Page())
            .ConsoleRegister(request, course.Id, CancellationToken.None));

        var booked = page.QuerySelector("#booked-table tbody tr")!;
        Assert.Equal(
            [BookingPath("AAAA-1111", "move"), BookingPath("AAAA-1111", "cancel")],
            booked.QuerySelectorAll("td.row-actions a").Select(a => a.GetAttribute("href")));
        Assert.Equal("1 of 5 sessions", booked.QuerySelector("td[data-label=Came]")!.TextContent);
        Assert.Equal([BookingPath("WWWW-1111", "cancel")], page.QuerySelectorAll("#waitlist-table td.row-actions a").Select(a => a.GetAttribute("href")));
        var sessions = page.QuerySelectorAll(".session-links a").ToList();
        Assert.Equal(5, sessions.Count);
        Assert.Equal($"/api/console/courses/{course.Id}/attendance/2026-12-01", sessions[0].GetAttribute("href"));
        Assert.EndsWith("1 family came", sessions[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("That booking is cancelled, and the place has been offered to the first family on the waitlist.", page.QuerySelector(".flash")!.TextContent);
    }

    [Fact]
    public async Task The_register_shows_offers_open_and_ended_and_hostile_text_in_them_as_text()
    {
        var until = new DateTimeOffset(2026, 11, 26, 14, 30, 0, TimeSpan.Zero);
        registers.Setup(r => r.GetAsync(course.Id, It.IsAny<CancellationToken>())).ReturnsAsync(new CourseRegister(course, [], [])
        {
            Offers =
            [
                Entry("OOOO-1111", Hostile + "open") with { Status = BookingStatus.Offered, OfferExpiresUtc = until },
                Entry("OOOO-2222", Hostile + "ended") with { Status = BookingStatus.Cancelled, EndedBecause = CancellationReason.OfferLapsed, EndedUtc = until.AddDays(-1) },
                Entry("OOOO-3333", Hostile + "declined") with { Status = BookingStatus.Cancelled, EndedBecause = CancellationReason.OfferDeclined, EndedUtc = until.AddDays(-2) },
            ],
        });

        var result = Assert.IsType<ContentResult>(await new ConsoleRegisterHttp(owner.Guard(), registers.Object, new RegisterPage(Page(), owner.Clock), Page())
            .ConsoleRegister(owner.Get($"/api/console/courses/{course.Id}/register"), course.Id, CancellationToken.None));
        using var page = Parse(result);

        var offers = page.QuerySelectorAll("ul.offers li").Select(li => li.TextContent).ToList();
        Assert.EndsWith("offered a place until 14:30 on Thursday 26 November 2026", offers[0], StringComparison.Ordinal);
        Assert.EndsWith("didn't answer in time; the offer lapsed on Wednesday 25 November 2026 at 14:30", offers[1], StringComparison.Ordinal);
        Assert.EndsWith("said no on Tuesday 24 November 2026 at 14:30; the place went on", offers[2], StringComparison.Ordinal);
        HostileHtml.AssertOnlyText(result.Content!, [.. new[] { "open", "ended", "declined" }.SelectMany(t => new[] { Hostile + t + "Jo Bloggs", Hostile + t + "Ada" })]);
    }

    [Fact]
    public async Task The_attendance_page_is_one_big_button_per_family_with_the_state_it_sets()
    {
        HasRegister(course, [Entry("AAAA-1111", attended: [FirstSession]), Entry("BBBB-2222")]);
        var path = $"/api/console/courses/{course.Id}/attendance/2026-12-08";

        var result = Assert.IsType<ContentResult>(await Bookings().ConsoleAttendance(owner.Get($"/api/console/courses/{course.Id}/attendance/2026-12-01"), course.Id, "2026-12-01", CancellationToken.None));
        using var page = Parse(result);

        Assert.Equal("Attendance: session 1 of 5", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("1 family here of 2 booked.", page.QuerySelector("p.summary-line")!.TextContent);
        var rows = page.QuerySelectorAll("ul.attendance li").ToList();
        Assert.Equal(["b-AAAA-1111", "b-BBBB-2222"], rows.Select(r => r.Id));
        Assert.Equal(["no", "yes"], rows.Select(r => r.QuerySelector<IHtmlInputElement>("input[name=attended]")!.Value));
        Assert.Equal(["AAAA-1111", "BBBB-2222"], rows.Select(r => r.QuerySelector<IHtmlInputElement>("input[name=reference]")!.Value));
        Assert.Contains("Here (tap to undo)", rows[0].QuerySelector("button.tick.here")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelectorAll(".actions a").FirstOrDefault(a => a.TextContent == "Previous session"));
        Assert.Equal(path, page.QuerySelectorAll(".actions a").Single(a => a.TextContent == "Next session").GetAttribute("href"));
        Assert.Empty(page.QuerySelectorAll("script"));
    }

    [Fact]
    public async Task Hostile_text_on_the_attendance_page_is_shown_as_text()
    {
        HasRegister(course with { Title = Hostile + "title" }, [Entry("AAAA-1111", Hostile)]);

        var result = Assert.IsType<ContentResult>(await Bookings().ConsoleAttendance(owner.Get($"/api/console/courses/{course.Id}/attendance/2026-12-01"), course.Id, "2026-12-01", CancellationToken.None));

        HostileHtml.AssertOnlyText(result.Content!, Hostile + "title", Hostile + "Jo Bloggs", Hostile + "Ada");
    }

    [Theory]
    [InlineData("2026-12-02")]
    [InlineData("yesterday")]
    [InlineData("2026-13-01")]
    public async Task A_day_with_no_session_is_not_found(string session)
    {
        HasRegister(course, [Entry("AAAA-1111")]);

        var result = Assert.IsType<ContentResult>(await Bookings().ConsoleAttendance(owner.Get($"/api/console/courses/{course.Id}/attendance/{session}"), course.Id, session, CancellationToken.None));

        Assert.Equal((404, "We couldn't find that session"), (result.StatusCode, Parse(result).QuerySelector("h1")!.TextContent));
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("no", false)]
    public async Task A_tick_sets_the_state_and_comes_back_to_the_same_row(string value, bool attended)
    {
        attendance.Setup(a => a.MarkAsync(new BookingKey(course.Id, "AAAA-1111"), FirstSession, attended, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new AttendanceOutcome.Marked(Booking("AAAA-1111"), course, FirstSession, attended, Changed: true));
        var request = owner.Post($"/api/console/courses/{course.Id}/attendance/2026-12-01", ("reference", "AAAA-1111"), ("attended", value));

        var result = await Bookings().ConsoleMarkAttendance(request, course.Id, "2026-12-01", CancellationToken.None);

        Assert.Equal(303, Assert.IsType<StatusCodeResult>(result).StatusCode);
        Assert.Equal($"/api/console/courses/{course.Id}/attendance/2026-12-01#b-AAAA-1111", SignedIn.Location(request));
    }

    [Fact]
    public async Task A_tick_that_says_neither_yes_nor_no_is_refused_and_nothing_changes()
    {
        var request = owner.Post($"/api/console/courses/{course.Id}/attendance/2026-12-01", ("reference", "AAAA-1111"), ("attended", Hostile));

        var result = Assert.IsType<ContentResult>(await Bookings().ConsoleMarkAttendance(request, course.Id, "2026-12-01", CancellationToken.None));

        Assert.Equal(400, result.StatusCode);
        attendance.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_busy_tick_shows_the_page_again_with_retry_after()
    {
        HasRegister(course, [Entry("AAAA-1111")]);
        attendance.Setup(a => a.MarkAsync(It.IsAny<BookingKey>(), FirstSession, true, It.IsAny<CancellationToken>())).ReturnsAsync(new AttendanceOutcome.Busy());
        var request = owner.Post($"/api/console/courses/{course.Id}/attendance/2026-12-01", ("reference", "AAAA-1111"), ("attended", "yes"));

        var result = Assert.IsType<ContentResult>(await Bookings().ConsoleMarkAttendance(request, course.Id, "2026-12-01", CancellationToken.None));

        Assert.Equal((503, "2"), (result.StatusCode, request.HttpContext.Response.Headers.RetryAfter.ToString()));
        Assert.NotNull(Parse(result).QuerySelector(".error-summary"));
    }

    [Fact]
    public async Task Ticking_a_family_who_has_since_cancelled_is_a_conflict()
    {
        HasRegister(course, []);
        attendance.Setup(a => a.MarkAsync(It.IsAny<BookingKey>(), FirstSession, true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new AttendanceOutcome.NotBooked(Booking("AAAA-1111"), course));

        var result = Assert.IsType<ContentResult>(await Bookings().ConsoleMarkAttendance(
            owner.Post($"/api/console/courses/{course.Id}/attendance/2026-12-01", ("reference", "AAAA-1111"), ("attended", "yes")), course.Id, "2026-12-01", CancellationToken.None));

        Assert.Equal(409, result.StatusCode);
    }

    [Fact]
    public async Task The_move_page_lists_the_courses_with_space_as_radio_cards()
    {
        var other = SampleCourses.Massage(FirstSession.AddDays(28), id: "later") with { Title = Hostile + "later", Venue = Hostile + "venue", GeneralPlacesTaken = 6 };
        HasRegister(course, [Entry("AAAA-1111", Hostile)]);
        transfers.Setup(t => t.ChoicesAsync(new BookingKey(course.Id, "AAAA-1111"), It.IsAny<CancellationToken>())).ReturnsAsync([other]);

        var result = Assert.IsType<ContentResult>(await Transfers().ConsoleChooseMove(owner.Get(BookingPath("AAAA-1111", "move")), course.Id, "AAAA-1111", CancellationToken.None));
        using var page = Parse(result);

        var radio = page.QuerySelector<IHtmlInputElement>("input[type=radio][name=toCourseId]")!;
        Assert.Equal(("later", true), (radio.Value, radio.IsChecked));
        Assert.Equal("2 places free", page.QuerySelector(".availability")!.TextContent);
        HostileHtml.AssertOnlyText(result.Content!, Hostile + "later", Hostile + "venue", Hostile + "Jo Bloggs", Hostile + "Ada");
    }

    [Fact]
    public async Task With_no_course_to_move_to_the_page_says_so_and_has_no_form()
    {
        HasRegister(course, [Entry("AAAA-1111")]);
        transfers.Setup(t => t.ChoicesAsync(It.IsAny<BookingKey>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);

        using var page = Parse(await Transfers().ConsoleChooseMove(owner.Get(BookingPath("AAAA-1111", "move")), course.Id, "AAAA-1111", CancellationToken.None));

        Assert.Null(page.QuerySelector("main form"));
        Assert.Contains("No other course", page.QuerySelector(".card.status")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Moving_lands_on_the_new_courses_register()
    {
        var other = SampleCourses.Massage(FirstSession.AddDays(28), id: "later");
        transfers.Setup(t => t.MoveAsync(new BookingKey(course.Id, "AAAA-1111"), "later", ChangedBy.Owner, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new TransferOutcome.Moved(Booking("AAAA-1111"), course, Booking("ZZZZ-9999"), other));
        var request = owner.Post(BookingPath("AAAA-1111", "move"), ("toCourseId", "later"));

        var result = await Transfers().ConsoleMoveBooking(request, course.Id, "AAAA-1111", CancellationToken.None);

        Assert.Equal(303, Assert.IsType<StatusCodeResult>(result).StatusCode);
        Assert.Equal("/api/console/courses/later/register?done=moved-in", SignedIn.Location(request));
    }

    [Fact]
    public async Task A_course_that_filled_meanwhile_brings_the_choices_back_with_a_conflict()
    {
        var other = SampleCourses.Massage(FirstSession.AddDays(28), id: "later");
        HasRegister(course, [Entry("AAAA-1111")]);
        transfers.Setup(t => t.MoveAsync(It.IsAny<BookingKey>(), "later", ChangedBy.Owner, It.IsAny<CancellationToken>())).ReturnsAsync(new TransferOutcome.NoSpace(other));
        transfers.Setup(t => t.ChoicesAsync(It.IsAny<BookingKey>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);

        var result = Assert.IsType<ContentResult>(await Transfers().ConsoleMoveBooking(
            owner.Post(BookingPath("AAAA-1111", "move"), ("toCourseId", "later")), course.Id, "AAAA-1111", CancellationToken.None));

        Assert.Equal(409, result.StatusCode);
        Assert.Contains("just filled up", Parse(result).QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_move_without_a_course_chosen_asks_for_one_and_moves_nothing()
    {
        HasRegister(course, [Entry("AAAA-1111")]);
        transfers.Setup(t => t.ChoicesAsync(It.IsAny<BookingKey>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);

        var result = Assert.IsType<ContentResult>(await Transfers().ConsoleMoveBooking(owner.Post(BookingPath("AAAA-1111", "move")), course.Id, "AAAA-1111", CancellationToken.None));

        Assert.Equal(422, result.StatusCode);
        transfers.Verify(t => t.MoveAsync(It.IsAny<BookingKey>(), It.IsAny<string>(), It.IsAny<ChangedBy>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private static Booking Booking(string reference) => new()
    {
        Reference = reference,
        Status = BookingStatus.Cancelled,
        ParentName = "Jo Bloggs",
        Email = "jo@example.co.uk",
        BabyFirstName = "Ada",
        BabyDateOfBirth = new DateOnly(2026, 9, 1),
    };
}
