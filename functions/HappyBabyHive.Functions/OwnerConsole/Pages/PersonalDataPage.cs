using System.Text.Json;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.Pages.Console;
using HappyBabyHive.Privacy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace HappyBabyHive.OwnerConsole.Pages;

/// <summary>
/// Export and erase by email address (issue 17), on top of <see cref="PersonalDataService"/>: the address form, the
/// JSON download, the confirm step with the counts that erasing would change, and the result. Every answer is
/// no-store (the guard sets it), and the address is only ever in POST bodies and page text, never a URL.
/// </summary>
public sealed class PersonalDataPage(ConsolePage page)
{
    public const string Title = "Export or erase a person's data";

    public const string ContentType = "application/json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public Task<ContentResult> FormAsync(HttpRequest request, OwnerSession session, string? email = null, string? error = null) =>
        page.RenderAsync<PersonalData>(
            request, session, ConsoleSection.Settings, Title,
            new PersonalDataModel(ConsolePaths.PersonalDataExport(request), ConsolePaths.PersonalDataReviewErasure(request), session.CsrfToken, email, error),
            error is null ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity);

    /// <summary>The copy as a file to save, named by date only (the address stays out of file names and URLs).</summary>
    public static FileContentResult Download(HttpRequest request, PersonalDataOutcome.Exported exported)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new
            {
                exported.Email,
                exported.ExportedUtc,
                exported.Data.Bookings,
                exported.Data.FreePlaceRequests,
                exported.Data.TipsSubscriptions,
                exported.Data.TipsSentMarkers,
                exported.Data.SignInRows,
                exported.Data.OwedEmails,
            },
            Json);
        return new FileContentResult(body, ContentType) { FileDownloadName = $"personal-data-{exported.ExportedUtc:yyyy-MM-dd}.json" };
    }

    public Task<ContentResult> ConfirmAsync(HttpRequest request, OwnerSession session, PersonalDataOutcome.Exported held) =>
        page.RenderAsync<ConfirmErasure>(
            request, session, ConsoleSection.Settings, "Erase this person's data?",
            new ConfirmErasureModel(ConsolePaths.PersonalDataErase(request), ConsolePaths.PersonalData(request), session.CsrfToken, held.Email, Counts(held.Data)));

    public Task<ContentResult> ErasedAsync(HttpRequest request, OwnerSession session, string email, PersonalDataOutcome.Erased erased) =>
        page.RenderAsync<Erased>(
            request, session, ConsoleSection.Settings, "Erased",
            new ErasedModel(ConsolePaths.PersonalData(request), email, Counts(erased.Audit.Counts)));

    /// <summary>What erasing would change, from what is held now (family pointers are found during the erasure itself).</summary>
    public static IReadOnlyList<PersonalDataCount> Counts(PersonalDataExport held) =>
    [
        new("Bookings to anonymise", held.Bookings.Count),
        new("Free-place requests to delete", held.FreePlaceRequests.Count),
        new("Tips subscriptions to delete", held.TipsSubscriptions.Count),
        new("Tips sent-markers to delete", held.TipsSentMarkers.Count),
        new("Console sign-in rows to delete", held.SignInRows.Count),
        new("Emails not yet sent, to delete", held.OwedEmails.Count),
    ];

    public static IReadOnlyList<PersonalDataCount> Counts(ErasureCounts counts) =>
    [
        new("Bookings anonymised", counts.BookingsAnonymised),
        new("Booking pointers deleted", counts.BookingPointersDeleted),
        new("Free-place requests deleted", counts.FreePlaceRequestsDeleted),
        new("Tips subscriptions deleted", counts.TipsSubscriptionsDeleted),
        new("Tips sent-markers deleted", counts.TipsSentMarkersDeleted),
        new("Console sign-in rows deleted", counts.SignInRowsDeleted),
        new("Emails not yet sent, deleted", counts.OwedEmailsDeleted),
    ];
}
