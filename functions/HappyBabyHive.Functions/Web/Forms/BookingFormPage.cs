using HappyBabyHive.Bookings;
using HappyBabyHive.Configuration;
using HappyBabyHive.Courses;
using HappyBabyHive.Pages.Forms;
using HappyBabyHive.Payments;
using HappyBabyHive.Pages.Website;
using HappyBabyHive.Time;
using HappyBabyHive.WellbeingTips;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Web.Forms;

/// <summary>
/// The booking form's two pages, with what they need loaded and mapped to their view models: the form (upcoming
/// courses to choose from, today's date for the baby's age, the terms link) and the confirmation (the booked course).
/// </summary>
public sealed class BookingFormPage(ICourseStore courses, FormPages pages, IOptions<BusinessOptions> business, IOptions<PaymentOptions> payments, TimeProvider time)
{
    /// <summary>Relative to the form's own address (…/api/forms/booking), so a custom route prefix still works.</summary>
    public const string ApiPath = "../bookings";

    public async Task<IActionResult> FormAsync(HttpRequest request, BookingFormState state, int statusCode, CancellationToken cancellationToken)
    {
        var model = Model(await CourseChoices.UpcomingAsync(courses, time, cancellationToken), state, UkTime.Today(time), business.Value.TermsUrl) with
        {
            CardPayments = payments.Value.Enabled,
        };
        // Booking a paid place answers with a 303 to Stripe Checkout, which the page's CSP must let the form follow.
        return await pages.FormAsync<BookingFormView>(request, BookingFormView.Title, model, state, statusCode, payments.Value.FormRedirectOrigins());
    }

    public async Task<IActionResult> ConfirmationAsync(HttpRequest request, BookingResponse booking, CancellationToken cancellationToken)
    {
        var course = (await CourseChoices.UpcomingAsync(courses, time, cancellationToken)).FirstOrDefault(c => c.Id == booking.CourseId);
        var model = new BookingResultModel(
            Hidden: false, booking.Message, booking.Reference, course?.Heading ?? booking.CourseTitle, course?.When, course?.Venue, booking.Status == "waitlisted");
        return await pages.ResultAsync<BookingResult>(request, model.Title, model);
    }

    /// <param name="termsUrl">The business's booking terms (https, validated at start-up), or null.</param>
    public static BookingFormModel Model(IReadOnlyList<CourseOption> courses, BookingFormState state, DateOnly today, string? termsUrl) => new(
        courses,
        state.CourseId,
        state.Family,
        state.AcceptTerms,
        state.WellbeingTipsOptIn,
        state.LeaveThisEmpty,
        state.IdempotencyKey,
        state.Problems,
        today,
        ApiPath,
        string.IsNullOrEmpty(termsUrl) ? null : new Uri(termsUrl, UriKind.Absolute),
        ConsentWording.Text)
    {
        FormToken = state.FormToken,
        PaymentMethod = state.PaymentMethod,
    };
}
