using HappyBabyHive.Configuration;
using HappyBabyHive.Courses;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Pages.Forms;
using HappyBabyHive.Pages.Website;
using HappyBabyHive.Time;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Web.Forms;

/// <summary>
/// The free-place form's two pages, with what they need loaded and mapped to their view models: the form (upcoming
/// courses, today's date, the business's and charity's names, how long notes are kept) and the confirmation.
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

    /// <summary>The family's own words for each referral source (the owner's pages word them from her side).</summary>
    public static readonly IReadOnlyList<RadioOption> ReferralChoices =
    [
        new(nameof(ReferralSource.MindHullAndEastYorkshire), "Mind Hull and East Yorkshire"),
        new(nameof(ReferralSource.HealthVisitor), "My health visitor"),
        new(nameof(ReferralSource.GpOrMidwife), "My GP or midwife"),
        new(nameof(ReferralSource.Self), "I found you myself"),
        new(nameof(ReferralSource.Other), "Somewhere else"),
    ];

    private FreePlaceWording Wording => new(business.Value.Name, business.Value.CharityName, options.Value.NoteRetentionDays, options.Value.ReplyWithin);

    public async Task<IActionResult> FormAsync(HttpRequest request, FreePlaceFormState state, int statusCode, CancellationToken cancellationToken)
    {
        var model = Model(await CourseChoices.UpcomingAsync(courses, time, cancellationToken), state, UkTime.Today(time), Wording);
        return await pages.FormAsync<FreePlaceFormView>(request, FreePlaceFormView.Title, model, state, statusCode);
    }

    public async Task<IActionResult> ConfirmationAsync(HttpRequest request, FreePlaceReceipt receipt, CancellationToken cancellationToken)
    {
        var course = receipt.CourseId is null ? null : (await CourseChoices.UpcomingAsync(courses, time, cancellationToken)).FirstOrDefault(c => c.Id == receipt.CourseId);
        var response = FreePlaceRequestCreatedResponse.From(receipt, options.Value.ReplyWithin);
        var model = new FreePlaceResultModel(
            Hidden: false, response.Message, response.Reference, course?.Heading ?? response.CourseTitle ?? FreePlaceFormView.AnyCourseHeading, Wording);
        return await pages.ResultAsync<FreePlaceResult>(request, FreePlaceFormView.ConfirmationTitle, model);
    }

    public static FreePlaceFormModel Model(IReadOnlyList<CourseOption> courses, FreePlaceFormState state, DateOnly today, FreePlaceWording wording) => new(
        courses,
        FreePlaceRequestValidator.AnyCourse,
        state.CourseId,
        state.Family,
        ReferralChoices,
        state.ReferralSource,
        state.Note,
        FreePlaceRequestValidator.MaxNoteLength,
        state.ConsentToStore,
        state.LeaveThisEmpty,
        state.IdempotencyKey,
        state.Problems,
        today,
        ApiPath,
        wording)
    {
        FormToken = state.FormToken,
    };
}
