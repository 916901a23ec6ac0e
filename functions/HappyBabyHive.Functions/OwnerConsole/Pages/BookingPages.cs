using System.Globalization;
using HappyBabyHive.Courses;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.Pages.Console;
using HappyBabyHive.Registers;
using HappyBabyHive.Time;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace HappyBabyHive.OwnerConsole.Pages;

/// <summary>The owner's single-booking pages: confirm a cancel, choose a course to move a family to, and a session's attendance.</summary>
public sealed class BookingPages(ConsolePage page)
{
    /// <summary>The family on the register with <paramref name="reference"/>: booked, waiting, or holding an open offer.</summary>
    public static RegisterEntry? Find(CourseRegister register, string reference) =>
        register.Booked.Concat(register.Waitlist).Concat(register.Offers.Where(o => o.Status == BookingStatus.Offered))
            .FirstOrDefault(e => string.Equals(e.Reference, reference, StringComparison.Ordinal));

    public Task<ContentResult> ConfirmCancelAsync(
        HttpRequest request, OwnerSession session, CourseRegister register, RegisterEntry entry, bool emailFamily = true, string? problem = null, int statusCode = StatusCodes.Status200OK,
        bool refund = true)
    {
        var course = register.Course;
        var courseUrl = CourseText.Url(ConsolePaths.Base(request), course);
        var (place, whatHappens) = entry switch
        {
            { Status: BookingStatus.Waitlisted } => (
                $"place {entry.WaitlistPosition?.ToString(CultureInfo.InvariantCulture) ?? "?"} on the waitlist",
                "They come off the waitlist and everyone behind them moves up a place."),
            { Status: BookingStatus.Offered } => (
                "a place offered from the waitlist, not yet claimed",
                "The offer ends now and the place is offered to the next family waiting, if there is one."),
            { IsFreePlace: true } => (
                "a free place",
                "The free place goes back to the ones you set aside, for another family in need."),
            _ => (
                "a paid place",
                course.WaitlistCount > 0
                    ? "The place is offered straight away to the first family on the waitlist, by email."
                    : "The place becomes free for anyone to book."),
        };
        var model = new CancelBookingModel(
            RegisterPage.BookingUrl(courseUrl, entry.Reference) + "/cancel",
            RegisterPage.RegisterUrl(courseUrl),
            session.CsrfToken,
            course.Title,
            CourseText.Schedule(course),
            entry.ParentName,
            entry.BabyFirstName,
            entry.Reference,
            place,
            whatHappens,
            entry.Status == BookingStatus.Waitlisted,
            emailFamily,
            problem)
        {
            AskRefund = entry.Status is not (BookingStatus.Waitlisted or BookingStatus.Offered) && !entry.IsFreePlace && course.PricePence > 0,
            Refund = refund,
            Payment = entry.Payment is null ? null : entry.PaymentSummary,
            PaymentUrl = entry.Payment is null ? null : RegisterPage.PaymentUrl(courseUrl, entry.Reference),
        };
        var title = entry.Status == BookingStatus.Waitlisted ? "Take this family off the waitlist?" : "Cancel this booking?";
        return page.RenderAsync<CancelBooking>(request, session, ConsoleSection.Courses, title, model, statusCode, problem is null ? null : "Error: " + title);
    }

    public Task<ContentResult> MoveAsync(
        HttpRequest request, OwnerSession session, CourseRegister register, RegisterEntry entry, IReadOnlyList<Course> choices,
        string? selected = null, string? problem = null, int statusCode = StatusCodes.Status200OK)
    {
        var course = register.Course;
        var courseUrl = CourseText.Url(ConsolePaths.Base(request), course);
        var model = new MoveBookingModel(
            RegisterPage.BookingUrl(courseUrl, entry.Reference) + "/move",
            RegisterPage.RegisterUrl(courseUrl),
            session.CsrfToken,
            course.Title,
            entry.ParentName,
            entry.BabyFirstName,
            choices.Select(c => new MoveChoice(c.Id, c.Title, CourseText.Schedule(c), c.Venue, Words.Count(c.GeneralSpacesLeft, "place", "places") + " free")).ToList(),
            selected,
            problem);
        const string Title = "Move to another course";
        return page.RenderAsync<MoveBooking>(request, session, ConsoleSection.Courses, Title, model, statusCode, problem is null ? null : "Error: " + Title);
    }

    public Task<ContentResult> AttendanceAsync(
        HttpRequest request, OwnerSession session, CourseRegister register, DateOnly date, string? problem = null, int statusCode = StatusCodes.Status200OK)
    {
        var course = register.Course;
        var courseUrl = CourseText.Url(ConsolePaths.Base(request), course);
        var dates = register.SessionDates;
        var index = IndexOf(dates, date);
        var sessionOn = course.Sessions[index];
        var model = new AttendanceModel(
            RegisterPage.RegisterUrl(courseUrl),
            RegisterPage.AttendanceUrl(courseUrl, date),
            session.CsrfToken,
            course.Title,
            UkDateFormat.SessionLine(sessionOn.StartsUtc, sessionOn.EndsUtc),
            register.Booked.Select(e => new AttendanceRow(e.Reference, "b-" + e.Reference, e.ParentName, e.BabyFirstName, e.AttendedSessions.Contains(date))).ToList(),
            index > 0 ? RegisterPage.AttendanceUrl(courseUrl, dates[index - 1]) : null,
            index < dates.Count - 1 ? RegisterPage.AttendanceUrl(courseUrl, dates[index + 1]) : null,
            problem);
        var title = $"Attendance: session {(index + 1).ToString(CultureInfo.InvariantCulture)} of {dates.Count.ToString(CultureInfo.InvariantCulture)}";
        return page.RenderAsync<Attendance>(request, session, ConsoleSection.Courses, title, model, statusCode, problem is null ? null : "Error: " + title);
    }

    /// <summary>The position of <paramref name="date"/> among the course's sessions, or -1.</summary>
    public static int IndexOf(IReadOnlyList<DateOnly> dates, DateOnly date)
    {
        for (var i = 0; i < dates.Count; i++)
        {
            if (dates[i] == date)
            {
                return i;
            }
        }

        return -1;
    }

    public Task<ContentResult> BookingNotFoundAsync(HttpRequest request, OwnerSession session) =>
        page.NoticeAsync(request, session, "We couldn't find that booking", NoticeKind.BookingNotFound, StatusCodes.Status404NotFound);
}
