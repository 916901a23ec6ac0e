using HappyBabyHive.Bookings;
using HappyBabyHive.Configuration;
using HappyBabyHive.Courses;
using HappyBabyHive.Time;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Web.Forms;

/// <summary>
/// The booking form's two pages, with what they need loaded: the form (upcoming courses to choose from, today's date
/// for the baby's age, the terms link) and the confirmation (the booked course's details).
/// </summary>
public sealed class BookingFormPage(ICourseStore courses, FormPages pages, IOptions<BusinessOptions> business, TimeProvider time)
{
    /// <summary>Relative to the form's own address (…/api/forms/booking), so a custom route prefix still works.</summary>
    public const string ApiPath = "../bookings";

    public async Task<IActionResult> FormAsync(HttpRequest request, BookingFormState state, int statusCode, CancellationToken cancellationToken)
    {
        var body = BookingFormView.Render(await CourseChoice.UpcomingAsync(courses, time, cancellationToken), state, UkTime.Today(time), ApiPath, business.Value.TermsUrl);
        return pages.Form(request, BookingFormView.Title, body, state, statusCode);
    }

    public async Task<IActionResult> ConfirmationAsync(HttpRequest request, BookingResponse booking, CancellationToken cancellationToken)
    {
        var course = (await CourseChoice.UpcomingAsync(courses, time, cancellationToken)).FirstOrDefault(c => c.Id == booking.CourseId);
        return pages.Result(request, BookingFormView.ConfirmationTitle(booking), BookingFormView.RenderConfirmation(booking, course));
    }
}
