using System.Globalization;
using Azure;
using Azure.Data.Tables;
using HappyBabyHive.FreePlaces;

namespace HappyBabyHive.Storage.FreePlaces;

/// <summary>
/// A family's free-place request, alone in its own partition of the FreePlaceRequests table (PartitionKey = request
/// id, RowKey "request") beside the outbox rows for the emails it owes, so both are written in one transaction.
/// Enums and the date of birth are stored as text, so a row stays readable in Storage Explorer and in backups.
/// </summary>
internal sealed class FreePlaceRequestEntity : ITableEntity
{
    public const string Row = "request";

    private const string DateFormat = "yyyy-MM-dd";

    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = Row;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Status { get; set; } = nameof(FreePlaceStatus.Pending);
    public string ParentName { get; set; } = string.Empty;
    public string Email { get; set; } = string.Empty;
    public string? Phone { get; set; }
    public string BabyFirstName { get; set; } = string.Empty;
    public string BabyDateOfBirth { get; set; } = string.Empty;
    public string? PreferredCourseId { get; set; }
    public string ReferralSource { get; set; } = string.Empty;
    public string? Note { get; set; }

    /// <summary>True while a note or decline message is stored, so the purge can find them with a simple filter.</summary>
    public bool HasNote { get; set; }

    public DateTimeOffset? NotePurgedUtc { get; set; }
    public DateTimeOffset ConsentToStoreUtc { get; set; }
    public DateTimeOffset CreatedUtc { get; set; }
    public string? RequestHash { get; set; }

    public DateTimeOffset? ApprovingUntilUtc { get; set; }
    public string? ApprovingCourseId { get; set; }
    public bool ApprovingGeneralPlace { get; set; }
    public string? ApprovingVia { get; set; }

    public DateTimeOffset? DecidedUtc { get; set; }
    public string? DecidedVia { get; set; }
    public string? ApprovedCourseId { get; set; }
    public string? BookingReference { get; set; }
    public string? PlaceKind { get; set; }
    public string? DeclineMessage { get; set; }

    /// <summary>
    /// The row for <paramref name="request"/>, guarded by the version it was read at. Null properties are left out of
    /// the entity, and a replace drops them from the stored row: a purged note is gone, not blanked.
    /// </summary>
    public static FreePlaceRequestEntity From(FreePlaceRequestRecord request) => new()
    {
        PartitionKey = request.Id,
        ETag = request.Version.Length == 0 ? default : new ETag(request.Version),
        Status = request.Status.ToString(),
        ParentName = request.ParentName,
        Email = request.Email,
        Phone = request.Phone,
        BabyFirstName = request.BabyFirstName,
        BabyDateOfBirth = request.BabyDateOfBirth.ToString(DateFormat, CultureInfo.InvariantCulture),
        PreferredCourseId = request.PreferredCourseId,
        ReferralSource = request.ReferralSource.ToString(),
        Note = request.Note,
        HasNote = request.HasNote,
        NotePurgedUtc = request.NotePurgedUtc,
        ConsentToStoreUtc = request.ConsentToStoreUtc,
        CreatedUtc = request.CreatedUtc,
        RequestHash = request.RequestHash,
        ApprovingUntilUtc = request.Approving?.UntilUtc,
        ApprovingCourseId = request.Approving?.CourseId,
        ApprovingGeneralPlace = request.Approving?.GeneralPlace ?? false,
        ApprovingVia = request.Approving?.Via.ToString(),
        DecidedUtc = request.DecidedUtc,
        DecidedVia = request.DecidedVia?.ToString(),
        ApprovedCourseId = request.ApprovedCourseId,
        BookingReference = request.BookingReference,
        PlaceKind = request.PlaceKind?.ToString(),
        DeclineMessage = request.DeclineMessage,
    };

    public FreePlaceRequestRecord ToRecord() => new()
    {
        Id = PartitionKey,
        Version = ETag == default ? string.Empty : ETag.ToString("G"),
        Status = Enum.Parse<FreePlaceStatus>(Status),
        ParentName = ParentName,
        Email = Email,
        Phone = Phone,
        BabyFirstName = BabyFirstName,
        BabyDateOfBirth = DateOnly.ParseExact(BabyDateOfBirth, DateFormat, CultureInfo.InvariantCulture),
        PreferredCourseId = PreferredCourseId,
        ReferralSource = Enum.Parse<ReferralSource>(ReferralSource),
        Note = Note,
        NotePurgedUtc = NotePurgedUtc,
        ConsentToStoreUtc = ConsentToStoreUtc,
        CreatedUtc = CreatedUtc,
        RequestHash = RequestHash,
        Approving = ApprovingUntilUtc is { } until && ApprovingCourseId is { } courseId
            ? new ApprovalHold(until, courseId, ApprovingGeneralPlace, Enum.TryParse<DecisionRoute>(ApprovingVia, out var approvingVia) ? approvingVia : DecisionRoute.Api)
            : null,
        DecidedUtc = DecidedUtc,
        DecidedVia = Enum.TryParse<DecisionRoute>(DecidedVia, out var via) ? via : null,
        ApprovedCourseId = ApprovedCourseId,
        BookingReference = BookingReference,
        PlaceKind = Enum.TryParse<PlaceKind>(PlaceKind, out var kind) ? kind : null,
        DeclineMessage = DeclineMessage,
    };
}
