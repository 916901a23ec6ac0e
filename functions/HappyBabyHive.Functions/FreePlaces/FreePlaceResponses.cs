using System.Globalization;

namespace HappyBabyHive.FreePlaces;

public sealed record FreePlaceRequestCreatedResponse(string Reference, string Status, string? CourseId, string? CourseTitle, string Message)
{
    public static FreePlaceRequestCreatedResponse From(FreePlaceReceipt receipt, string replyWithin) => new(
        receipt.RequestId,
        "pending",
        receipt.CourseId,
        receipt.CourseTitle,
        $"Thank you. We've received your request and emailed you a copy of your reference. We'll let you know {replyWithin}.");
}

/// <summary>A request as the admin API shows it. The note appears only here and on the review page, until it is deleted.</summary>
public sealed record FreePlaceRequestResponse(
    string Id,
    string Status,
    DateTimeOffset ReceivedAt,
    string ParentName,
    string Email,
    string? Phone,
    string BabyFirstName,
    string BabyDateOfBirth,
    string? PreferredCourseId,
    string ReferralSource,
    string? Note,
    DateTimeOffset? NoteDeletedAt,
    DecisionResponse? Decision)
{
    public static FreePlaceRequestResponse From(FreePlaceRequestRecord request, string? courseTitle) => new(
        request.Id,
        Lower(request.Status.ToString()),
        request.CreatedUtc,
        request.ParentName,
        request.Email,
        request.Phone,
        request.BabyFirstName,
        request.BabyDateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        request.PreferredCourseId,
        request.ReferralSource.ToString(),
        request.Note,
        request.NotePurgedUtc,
        request.Status is FreePlaceStatus.Approved or FreePlaceStatus.Declined
            ? DecisionResponse.From(FreePlaceDecisionService.Summarise(request, courseTitle), request.DeclineMessage)
            : null);

    internal static string Lower(string value) => value.ToLowerInvariant();
}

/// <summary>One line per request in a list: no note, no contact details.</summary>
public sealed record FreePlaceRequestSummaryResponse(
    string Id, string Status, DateTimeOffset ReceivedAt, string ParentName, string BabyFirstName, string? PreferredCourseId, string ReferralSource, bool HasNote, DateTimeOffset? DecidedAt)
{
    public static FreePlaceRequestSummaryResponse From(FreePlaceRequestRecord request) => new(
        request.Id,
        request.Status.ToString().ToLowerInvariant(),
        request.CreatedUtc,
        request.ParentName,
        request.BabyFirstName,
        request.PreferredCourseId,
        request.ReferralSource.ToString(),
        request.Note is not null,
        request.DecidedUtc);
}

public sealed record DecisionResponse(
    string Status, DateTimeOffset DecidedAt, string DecidedVia, string? CourseId, string? CourseTitle, string? BookingReference, string? PlaceKind, string? DeclineMessage)
{
    public static DecisionResponse From(DecisionSummary decision, string? declineMessage = null) => new(
        decision.Status.ToString().ToLowerInvariant(),
        decision.DecidedUtc,
        decision.Via.ToString().ToLowerInvariant(),
        decision.CourseId,
        decision.CourseTitle,
        decision.BookingReference,
        decision.PlaceKind?.ToString().ToLowerInvariant(),
        declineMessage);
}

public sealed record ApproveFreePlaceBody
{
    public string? CourseId { get; init; }

    /// <summary>Take a general place rather than a set-aside free place; the family still pays nothing.</summary>
    public bool UseGeneralPlace { get; init; }
}

public sealed record DeclineFreePlaceBody
{
    public string? Message { get; init; }
}
