using HappyBabyHive.Configuration;
using HappyBabyHive.Courses;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Time;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Web.Forms;

/// <summary>
/// The free-place form's two pages, with what they need loaded: the form (upcoming courses, today's date, the
/// business's and charity's names, how long notes are kept) and the confirmation (the chosen course, when to expect a reply).
/// </summary>
public sealed class FreePlaceFormPage(
    ICourseStore courses,
    FormPages pages,
    IOptions<BusinessOptions> business,
    IOptions<FreePlaceOptions> options,
    TimeProvider time)
{
    /// <summary>Relative to the form's own address (…/api/forms/free-place).</summary>
    public const string ApiPath = "../free-place-requests";

    private FreePlaceFormWording Wording => new(business.Value.Name, business.Value.CharityName, options.Value.NoteRetentionDays, options.Value.ReplyWithin);

    public async Task<IActionResult> FormAsync(HttpRequest request, FreePlaceFormState state, int statusCode, CancellationToken cancellationToken)
    {
        var body = FreePlaceFormView.Render(await CourseChoice.UpcomingAsync(courses, time, cancellationToken), state, UkTime.Today(time), ApiPath, Wording);
        return pages.Form(request, FreePlaceFormView.Title, body, state, statusCode);
    }

    public async Task<IActionResult> ConfirmationAsync(HttpRequest request, FreePlaceReceipt receipt, CancellationToken cancellationToken)
    {
        var course = receipt.CourseId is null ? null : (await CourseChoice.UpcomingAsync(courses, time, cancellationToken)).FirstOrDefault(c => c.Id == receipt.CourseId);
        var response = FreePlaceRequestCreatedResponse.From(receipt, options.Value.ReplyWithin);
        return pages.Result(request, FreePlaceFormView.ConfirmationTitle, FreePlaceFormView.RenderConfirmation(response, course, Wording));
    }
}
