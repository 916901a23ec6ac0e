using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.Pages.Console;
using HappyBabyHive.Registers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace HappyBabyHive.OwnerConsole.Pages;

/// <summary>Who is coming to a course (<see cref="Register"/>), wide so the table fits, and printable.</summary>
public sealed class RegisterPage(ConsolePage page)
{
    public Task<ContentResult> RenderAsync(HttpRequest request, OwnerSession session, CourseRegister register)
    {
        var course = register.Course;
        var model = new RegisterModel(
            CourseText.Url(ConsolePaths.Base(request), course),
            CourseText.Schedule(course),
            course.Venue,
            course.Capacity,
            register.Booked.Select(Row).ToList(),
            register.Waitlist.OrderBy(e => e.WaitlistPosition ?? int.MaxValue).Select(Row).ToList(),
            CourseText.SessionLines(course));
        return page.RenderAsync<Register>(request, session, ConsoleSection.Courses, "Register: " + course.Title, model, wide: true);
    }

    private static RegisterRow Row(RegisterEntry entry) => new(
        entry.WaitlistPosition, entry.ParentName, entry.Email, entry.Phone, entry.BabyFirstName, entry.BabyAgeAtFirstSession, entry.IsFreePlace, CourseText.WhenBooked(entry.BookedUtc));
}
