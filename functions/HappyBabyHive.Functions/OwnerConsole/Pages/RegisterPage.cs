using System.Globalization;
using HappyBabyHive.Courses;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.Pages.Console;
using HappyBabyHive.Registers;
using HappyBabyHive.Time;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace HappyBabyHive.OwnerConsole.Pages;

/// <summary>Who is coming to a course (<see cref="Register"/>), wide so the table fits, and printable.</summary>
public sealed class RegisterPage(ConsolePage page, TimeProvider time)
{
    /// <summary>The query parameter the single-booking actions send the browser back with, naming what was done.</summary>
    public const string DoneParameter = "done";

    public Task<ContentResult> RenderAsync(HttpRequest request, OwnerSession session, CourseRegister register)
    {
        var course = register.Course;
        var courseUrl = CourseText.Url(ConsolePaths.Base(request), course);
        var live = course.Status != CourseStatus.Cancelled && time.GetUtcNow() < course.FirstSessionStartsUtc;
        var sessions = register.SessionDates;
        var model = new RegisterModel(
            courseUrl,
            CourseText.Schedule(course),
            course.Venue,
            course.Capacity,
            register.Booked.Select(e => Row(e, courseUrl, live, sessions.Count)).ToList(),
            register.Waitlist.OrderBy(e => e.WaitlistPosition ?? int.MaxValue).Select(e => Row(e, courseUrl, live, sessions.Count)).ToList(),
            CourseText.SessionLines(course))
        {
            Flash = Flash(request),
            Offers = register.Offers.Select(Offer).ToList(),
            Attendance = course.Sessions.Zip(sessions, (s, date) => new SessionAttendanceLink(
                UkDateFormat.SessionLine(s.StartsUtc, s.EndsUtc),
                AttendanceUrl(courseUrl, date),
                register.Booked.Count(b => b.AttendedSessions.Contains(date)))).ToList(),
            Refunds = register.CancelledWithPayments
                .Select(e => new RefundRow(e.ParentName, e.BabyFirstName, e.PaymentSummary) { PaymentUrl = PaymentUrl(courseUrl, e.Reference) })
                .ToList(),
        };
        return page.RenderAsync<Register>(request, session, ConsoleSection.Courses, "Register: " + course.Title, model, wide: true);
    }

    public static string RegisterUrl(string courseUrl) => courseUrl + "/register";

    public static string AttendanceUrl(string courseUrl, DateOnly session) =>
        $"{courseUrl}/attendance/{session.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    public static string BookingUrl(string courseUrl, string reference) => $"{courseUrl}/bookings/{Uri.EscapeDataString(reference)}";

    /// <summary>The booking's payment page (<see cref="BookingPaymentPage"/>): mark paid, undo, mark refunded.</summary>
    public static string PaymentUrl(string courseUrl, string reference) => BookingUrl(courseUrl, reference) + "/payment";

    /// <summary>Where a single-booking action sends the browser afterwards: the register, saying what happened.</summary>
    public static string AfterAction(string courseUrl, string done, int? count = null) =>
        $"{RegisterUrl(courseUrl)}?{DoneParameter}={done}{(count is { } n ? "&n=" + n.ToString(CultureInfo.InvariantCulture) : string.Empty)}";

    /// <summary>The note after a single-booking action, chosen from fixed wording (the query string only picks which).</summary>
    private static string? Flash(HttpRequest request)
    {
        var count = int.TryParse(request.Query["n"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        return request.Query[DoneParameter].ToString() switch
        {
            "cancelled" when count > 0 => "That booking is cancelled, and the place has been offered to the first family on the waitlist.",
            "cancelled" => "That booking is cancelled.",
            "already-cancelled" => "That booking was already cancelled, so nothing changed.",
            "moved-in" => "The family has moved onto this course and is being emailed their new dates.",
            _ => null,
        };
    }

    private static RegisterRow Row(RegisterEntry entry, string courseUrl, bool live, int sessionCount)
    {
        // A place held while the family is on Stripe's payment page settles itself within minutes (paid, or released):
        // nothing for the owner to cancel or move meanwhile.
        var settled = entry.Status != BookingStatus.AwaitingPayment;
        var booked = entry.WaitlistPosition is null;
        return new(
            entry.WaitlistPosition, entry.ParentName, entry.Email, entry.Phone, entry.BabyFirstName, entry.BabyAgeAtFirstSession, entry.IsFreePlace, CourseText.WhenBooked(entry.BookedUtc))
        {
            // Cancelling or moving ends before the first session (the course is under way after that); attendance starts there.
            CancelUrl = live && settled ? BookingUrl(courseUrl, entry.Reference) + "/cancel" : null,
            MoveUrl = live && settled && booked && !entry.IsFreePlace ? BookingUrl(courseUrl, entry.Reference) + "/move" : null,
            Attended = booked ? $"{entry.AttendedSessions.Count.ToString(CultureInfo.InvariantCulture)} of {Words.Count(sessionCount, "session", "sessions")}" : null,
            Payment = booked ? entry.PaymentSummary : null,
            // Confirmed and held places that have a money side; a free place or an old booking has nothing to record.
            PaymentUrl = booked && entry.Payment is not null ? PaymentUrl(courseUrl, entry.Reference) : null,
            Unpaid = booked && !entry.IsFreePlace && entry.Payment is { State: PaymentState.Due },
        };
    }

    private static OfferRow Offer(RegisterEntry entry) => entry switch
    {
        { Status: BookingStatus.Offered, OfferExpiresUtc: { } until } =>
            new(entry.ParentName, entry.BabyFirstName, $"offered a place until {UkDateFormat.Clock(until)} on {UkDateFormat.DayAndDate(until)}", IsOpen: true),
        { EndedBecause: CancellationReason.OfferDeclined, EndedUtc: { } at } =>
            new(entry.ParentName, entry.BabyFirstName, $"said no on {UkDateFormat.DayAndDate(at)} at {UkDateFormat.Clock(at)}; the place went on", IsOpen: false),
        { EndedUtc: { } at } =>
            new(entry.ParentName, entry.BabyFirstName, $"didn't answer in time; the offer lapsed on {UkDateFormat.DayAndDate(at)} at {UkDateFormat.Clock(at)}", IsOpen: false),
        _ => new(entry.ParentName, entry.BabyFirstName, "offered a place", IsOpen: true),
    };
}
