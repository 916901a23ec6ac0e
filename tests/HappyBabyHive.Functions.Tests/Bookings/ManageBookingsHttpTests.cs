using HappyBabyHive.Bookings.Changes;
using HappyBabyHive.Courses;
using HappyBabyHive.Functions;
using HappyBabyHive.Http;
using HappyBabyHive.Registers;
using HappyBabyHive.Tests.Support;
using HappyBabyHive.TestSupport;
using Microsoft.AspNetCore.Mvc;
using Moq;

namespace HappyBabyHive.Tests.Bookings;

/// <summary>The owner's single-booking actions in the admin API: every outcome's status and problem type.</summary>
public sealed class ManageBookingsHttpTests
{
    private static readonly Course Course = SampleCourses.Massage(new DateOnly(2027, 2, 2));
    private static readonly BookingKey Key = new(Course.Id, "AAAA-1111");

    private readonly Mock<IBookingChangeService> changes = new(MockBehavior.Strict);
    private readonly Mock<IAttendanceService> attendance = new(MockBehavior.Strict);
    private readonly Mock<IBookingTransfers> transfers = new(MockBehavior.Strict);
    private readonly Mock<IRegisterService> registers = new();

    private ManageBookingsHttp Functions() => new(changes.Object, attendance.Object, registers.Object);

    private ManageBookingTransfersHttp Transfers() => new(transfers.Object);

    private static Booking Booking(string reference = "AAAA-1111", BookingStatus status = BookingStatus.Cancelled) => new()
    {
        Reference = reference,
        Status = status,
        ParentName = "Jo",
        Email = "jo@example.co.uk",
        BabyFirstName = "Ada",
        BabyDateOfBirth = new DateOnly(2026, 11, 1),
        CancelledUtc = new DateTimeOffset(2027, 1, 4, 9, 0, 0, TimeSpan.Zero),
    };

    private static string ProblemType(IActionResult result) =>
        Assert.IsType<ProblemDetails>(Assert.IsAssignableFrom<ObjectResult>(result).Value, exactMatch: false).Type!;

    private static int Status(IActionResult result) => Assert.IsAssignableFrom<ObjectResult>(result).StatusCode!.Value;

    private static Microsoft.AspNetCore.Http.HttpRequest Post(string? body)
    {
        var request = body is null ? HttpRequests.Get() : HttpRequests.Json("POST", body);
        request.Method = "POST";
        return request;
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("""{"emailFamily":false}""", false)]
    [InlineData("""{"emailFamily":true}""", true)]
    [InlineData("{}", true)]
    public async Task Cancelling_emails_the_family_unless_told_not_to(string? body, bool emailFamily)
    {
        changes.Setup(c => c.CancelAsync(Key, ChangedBy.Owner, emailFamily, It.IsAny<CancellationToken>())).ReturnsAsync(new CancelOutcome.Cancelled(Booking(), Course, OfferedTo: 1));

        var ok = Assert.IsType<OkObjectResult>(await Functions().CancelBooking(Post(body), Course.Id, "AAAA-1111", CancellationToken.None));

        var response = Assert.IsType<BookingCancelledResponse>(ok.Value);
        Assert.Equal((emailFamily, 1, false), (response.FamilyEmailed, response.OfferedTo, response.AlreadyCancelled));
    }

    [Fact]
    public async Task Cancelling_twice_is_200_and_says_it_was_already_cancelled()
    {
        changes.Setup(c => c.CancelAsync(Key, ChangedBy.Owner, true, It.IsAny<CancellationToken>())).ReturnsAsync(new CancelOutcome.AlreadyCancelled(Booking(), Course));

        var ok = Assert.IsType<OkObjectResult>(await Functions().CancelBooking(Post(null), Course.Id, "AAAA-1111", CancellationToken.None));

        Assert.True(Assert.IsType<BookingCancelledResponse>(ok.Value).AlreadyCancelled);
    }

    public static TheoryData<CancelOutcome, int, string> CancelRefusals => new()
    {
        { new CancelOutcome.NotFound(), 404, "not-found" },
        { new CancelOutcome.CourseOver(Booking(), Course), 409, "course-over" },
        { new CancelOutcome.TooLate(Booking(), Course, DateTimeOffset.UnixEpoch), 409, "too-late" },
        { new CancelOutcome.Busy(), 503, "busy" },
    };

    [Theory]
    [MemberData(nameof(CancelRefusals))]
    public async Task Each_cancel_refusal_is_a_problem_with_its_status(CancelOutcome outcome, int status, string type)
    {
        changes.Setup(c => c.CancelAsync(Key, ChangedBy.Owner, true, It.IsAny<CancellationToken>())).ReturnsAsync(outcome);

        var result = await Functions().CancelBooking(Post(null), Course.Id, "AAAA-1111", CancellationToken.None);

        Assert.Equal((status, "urn:happybabyhive:problem:" + type), (Status(result), ProblemType(result)));
    }

    [Fact]
    public async Task A_busy_cancel_carries_retry_after()
    {
        changes.Setup(c => c.CancelAsync(Key, ChangedBy.Owner, true, It.IsAny<CancellationToken>())).ReturnsAsync(new CancelOutcome.Busy());

        var result = await Functions().CancelBooking(Post(null), Course.Id, "AAAA-1111", CancellationToken.None);

        Assert.Equal(TryAgain.AfterBusy, Assert.IsType<RetryLaterResult>(result).Wait);
    }

    [Theory]
    [InlineData("""{"emailFamily":"yes"}""", 400)]
    [InlineData("not json", 400)]
    public async Task A_bad_cancel_body_is_refused_before_anything_changes(string body, int status)
    {
        Assert.Equal(status, Status(await Functions().CancelBooking(Post(body), Course.Id, "AAAA-1111", CancellationToken.None)));
        changes.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Attendance_is_set_with_a_put_naming_the_session_by_date()
    {
        var session = new DateOnly(2027, 2, 2);
        attendance.Setup(a => a.MarkAsync(Key, session, true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new AttendanceOutcome.Marked(Booking(status: BookingStatus.Confirmed) with { AttendedSessions = [session] }, Course, session, true, Changed: true));

        var ok = Assert.IsType<OkObjectResult>(await Functions().MarkAttendance(HttpRequests.Json("PUT", """{"attended":true}"""), Course.Id, "AAAA-1111", "2027-02-02", CancellationToken.None));

        var response = Assert.IsType<AttendanceResponse>(ok.Value);
        Assert.Equal((true, true, session), (response.Attended, response.Changed, Assert.Single(response.AttendedSessions)));
    }

    [Theory]
    [InlineData("2027-2-2", """{"attended":true}""", 400, "bad-session")]
    [InlineData("tuesday", """{"attended":true}""", 400, "bad-session")]
    [InlineData("2027-02-02", "{}", 422, "validation")]
    [InlineData("2027-02-02", """{"attended":"yes"}""", 400, "malformed-json")]
    public async Task A_bad_attendance_request_is_a_problem_and_nothing_changes(string session, string body, int status, string type)
    {
        var result = await Functions().MarkAttendance(HttpRequests.Json("PUT", body), Course.Id, "AAAA-1111", session, CancellationToken.None);

        Assert.Equal((status, "urn:happybabyhive:problem:" + type), (Status(result), ProblemType(result)));
        attendance.VerifyNoOtherCalls();
    }

    public static TheoryData<AttendanceOutcome, int, string> AttendanceRefusals => new()
    {
        { new AttendanceOutcome.NotASession(Course, new DateOnly(2027, 2, 3)), 404, "not-a-session" },
        { new AttendanceOutcome.NotBooked(Booking(), Course), 409, "not-booked" },
        { new AttendanceOutcome.NotFound(), 404, "not-found" },
        { new AttendanceOutcome.Busy(), 503, "busy" },
    };

    [Theory]
    [MemberData(nameof(AttendanceRefusals))]
    public async Task Each_attendance_refusal_is_a_problem_with_its_status(AttendanceOutcome outcome, int status, string type)
    {
        attendance.Setup(a => a.MarkAsync(Key, It.IsAny<DateOnly>(), false, It.IsAny<CancellationToken>())).ReturnsAsync(outcome);

        var result = await Functions().MarkAttendance(HttpRequests.Json("PUT", """{"attended":false}"""), Course.Id, "AAAA-1111", "2027-02-03", CancellationToken.None);

        Assert.Equal((status, "urn:happybabyhive:problem:" + type), (Status(result), ProblemType(result)));
    }

    [Fact]
    public async Task The_waitlist_lists_families_waiting_then_offers_with_their_state()
    {
        var joined = new DateTimeOffset(2027, 1, 1, 9, 0, 0, TimeSpan.Zero);
        RegisterEntry Entry(string reference, int? position) => new(reference, "Jo", "jo@example.co.uk", null, "Ada", new DateOnly(2026, 11, 1), "12 weeks", false, joined, position);
        registers.Setup(r => r.GetAsync(Course.Id, It.IsAny<CancellationToken>())).ReturnsAsync(new CourseRegister(Course, [], [Entry("W1", 1), Entry("W2", 2)])
        {
            Offers =
            [
                Entry("O1", null) with { Status = BookingStatus.Offered, OfferExpiresUtc = joined.AddDays(5) },
                Entry("O2", null) with { Status = BookingStatus.Cancelled, EndedBecause = CancellationReason.OfferLapsed, EndedUtc = joined.AddDays(4) },
                Entry("O3", null) with { Status = BookingStatus.Cancelled, EndedBecause = CancellationReason.OfferDeclined, EndedUtc = joined.AddDays(3) },
            ],
        });
        var request = HttpRequests.Get();

        var ok = Assert.IsType<OkObjectResult>(await Functions().GetCourseWaitlist(request, Course.Id, CancellationToken.None));

        var waitlist = Assert.IsType<WaitlistResponse>(ok.Value);
        Assert.Equal([("W1", "waiting", (int?)1), ("W2", "waiting", 2)], waitlist.Waiting.Select(w => (w.Reference, w.Status, w.Position)));
        Assert.Equal(["offered", "lapsed", "declined"], waitlist.Offers.Select(o => o.Status));
        Assert.Equal(TimeSpan.Zero, waitlist.Offers[0].OfferExpiresAt!.Value.Offset);
        Assert.Equal("no-store", request.HttpContext.Response.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task The_waitlist_of_an_unknown_course_is_not_found()
    {
        registers.Setup(r => r.GetAsync("nope", It.IsAny<CancellationToken>())).ReturnsAsync((CourseRegister?)null);

        Assert.Equal(404, Status(await Functions().GetCourseWaitlist(HttpRequests.Get(), "nope", CancellationToken.None)));
    }

    [Fact]
    public async Task Move_choices_list_the_courses_with_space()
    {
        var later = SampleCourses.Massage(new DateOnly(2027, 3, 2), id: "later") with { GeneralPlacesTaken = 7 };
        transfers.Setup(t => t.ChoicesAsync(Key, It.IsAny<CancellationToken>())).ReturnsAsync([later]);

        var ok = Assert.IsType<OkObjectResult>(await Transfers().ListMoveChoices(HttpRequests.Get(), Course.Id, "AAAA-1111", CancellationToken.None));

        var choice = Assert.Single(Assert.IsAssignableFrom<IEnumerable<MoveChoiceResponse>>(ok.Value));
        Assert.Equal(("later", 1), (choice.CourseId, choice.GeneralSpacesLeft));
    }

    [Fact]
    public async Task Moving_answers_with_both_bookings()
    {
        var later = SampleCourses.Massage(new DateOnly(2027, 3, 2), id: "later");
        transfers.Setup(t => t.MoveAsync(Key, "later", ChangedBy.Owner, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new TransferOutcome.Moved(Booking(), Course, Booking("ZZZZ-9999", BookingStatus.Confirmed), later));

        var ok = Assert.IsType<OkObjectResult>(await Transfers().MoveBooking(HttpRequests.Json("POST", """{"toCourseId":"later"}"""), Course.Id, "AAAA-1111", CancellationToken.None));

        Assert.Equal(new BookingMovedResponse(Course.Id, "AAAA-1111", "later", "ZZZZ-9999", false), ok.Value);
    }

    public static TheoryData<TransferOutcome, int, string> MoveRefusals => new()
    {
        { new TransferOutcome.NoSpace(Course), 409, "no-space" },
        { new TransferOutcome.NotMovable(Booking(), Course, "A free place can't move."), 409, "not-movable" },
        { new TransferOutcome.TooLate(Booking(), Course, DateTimeOffset.UnixEpoch), 409, "too-late" },
        { new TransferOutcome.NotFound(), 404, "not-found" },
        { new TransferOutcome.Busy(), 503, "busy" },
    };

    [Theory]
    [MemberData(nameof(MoveRefusals))]
    public async Task Each_move_refusal_is_a_problem_with_its_status(TransferOutcome outcome, int status, string type)
    {
        transfers.Setup(t => t.MoveAsync(Key, "later", ChangedBy.Owner, It.IsAny<CancellationToken>())).ReturnsAsync(outcome);

        var result = await Transfers().MoveBooking(HttpRequests.Json("POST", """{"toCourseId":"later"}"""), Course.Id, "AAAA-1111", CancellationToken.None);

        Assert.Equal((status, "urn:happybabyhive:problem:" + type), (Status(result), ProblemType(result)));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"toCourseId":"  "}""")]
    public async Task A_move_without_a_course_is_a_validation_problem(string body)
    {
        Assert.Equal(422, Status(await Transfers().MoveBooking(HttpRequests.Json("POST", body), Course.Id, "AAAA-1111", CancellationToken.None)));
        transfers.VerifyNoOtherCalls();
    }
}
