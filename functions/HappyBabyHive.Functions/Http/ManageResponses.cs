using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Management;
using HappyBabyHive.Registers;
using HappyBabyHive.Settings;
using HappyBabyHive.Text;
using HappyBabyHive.Time;

namespace HappyBabyHive.Http;

/// <summary>A course as the owner's admin API shows it: how full it is, and its details as the edit form takes them.</summary>
public sealed record ManagedCourseResponse(
    string Id,
    string Status,
    string Kind,
    string Title,
    string Schedule,
    DateTimeOffset FirstSessionStartsAt,
    DateTimeOffset LastSessionEndsAt,
    int Capacity,
    int FreePlaces,
    int GeneralPlacesTaken,
    int FreePlacesTaken,
    int GeneralSpacesLeft,
    int FreePlacesLeft,
    int WaitlistCount,
    string Price,
    CourseDetails Details,
    IReadOnlyList<SessionResponse> Sessions)
{
    public static ManagedCourseResponse From(Course course) => new(
        course.Id,
        course.Status.ToString().ToLowerInvariant(),
        CourseSummaryResponse.KindName(course.Kind),
        course.Title,
        UkDateFormat.ScheduleSummary(course.Sessions.Select(s => (s.StartsUtc, s.EndsUtc)).ToList()),
        UkTime.ToUk(course.FirstSessionStartsUtc),
        UkTime.ToUk(course.LastSessionEndsUtc),
        course.Capacity,
        course.FreePlaces,
        course.GeneralPlacesTaken,
        course.FreePlacesTaken,
        course.GeneralSpacesLeft,
        course.FreePlacesLeft,
        course.WaitlistCount,
        Money.Pounds(course.PricePence),
        CourseDetails.From(course),
        course.Sessions.Select(s => new SessionResponse(UkTime.ToUk(s.StartsUtc), UkTime.ToUk(s.EndsUtc), UkDateFormat.SessionLine(s.StartsUtc, s.EndsUtc))).ToList());
}

/// <param name="PromotedFromWaitlist">Waiting families booked straight in by this change (the "book straight in" setting).</param>
/// <param name="OfferedToWaitlist">Waiting families offered a place by email by this change (the "offer" setting).</param>
public sealed record CourseUpdatedResponse(ManagedCourseResponse Course, int PromotedFromWaitlist, int OfferedToWaitlist);

public sealed record CourseCancelledResponse(ManagedCourseResponse Course, int FamiliesEmailed);

/// <summary>The body of POST manage/courses/{id}/cancel: an optional plain-text message added to every family's email.</summary>
public sealed record CancelCourseBody(string? Message);

public sealed record RegisterEntryResponse(
    string Reference,
    string ParentName,
    string? Phone,
    string Email,
    string BabyFirstName,
    string BabyAgeAtFirstSession,
    DateOnly BabyDateOfBirth,
    string Place,
    bool IsFreePlace,
    int? WaitlistPosition,
    DateTimeOffset BookedAt,
    string Status,
    IReadOnlyList<DateOnly> AttendedSessions)
{
    /// <summary>Where the family's money stands; null on the waitlist (a waitlisted family pays when it takes a place).</summary>
    public PaymentResponse? Payment { get; init; }

    public static RegisterEntryResponse From(RegisterEntry e) => new(
        e.Reference, e.ParentName, e.Phone, e.Email, e.BabyFirstName, e.BabyAgeAtFirstSession, e.BabyDateOfBirth,
        RegisterCsv.Place(e), e.IsFreePlace, e.WaitlistPosition, UkTime.ToUk(e.BookedUtc), WaitlistEntryResponse.StatusName(e), e.AttendedSessions)
    {
        Payment = e.WaitlistPosition is null ? PaymentResponse.From(e) : null,
    };
}

/// <summary>A family's money as the admin API shows it: amounts in pounds, times in UK time.</summary>
/// <param name="State">"free-place", "not-recorded", "due", "paid", "part-refunded" or "refunded".</param>
/// <param name="Method">"card", "another-way" (bank transfer or cash), or null for a free place or none recorded.</param>
/// <param name="Owed">What is still to be paid.</param>
/// <param name="RefundDue">A decided refund not yet confirmed (0 when none).</param>
/// <param name="Summary">The register's words, e.g. "Paid £60.00 on 3 Dec".</param>
public sealed record PaymentResponse(
    string State,
    string? Method,
    decimal Amount,
    decimal Paid,
    DateTimeOffset? PaidAt,
    decimal Refunded,
    DateTimeOffset? RefundedAt,
    decimal Net,
    decimal Owed,
    decimal RefundDue,
    decimal? DonationPercent,
    string Summary)
{
    public static PaymentResponse From(RegisterEntry e)
    {
        var p = e.IsFreePlace ? null : e.Payment;
        var state = e.IsFreePlace ? "free-place"
            : p is null ? "not-recorded"
            : p.State switch
            {
                PaymentState.Due => "due",
                PaymentState.Paid => "paid",
                PaymentState.PartRefunded => "part-refunded",
                _ => "refunded",
            };
        return new(
            state,
            p?.Method switch { PaymentMethod.Card => "card", PaymentMethod.AnotherWay => "another-way", _ => null },
            Pounds(p?.AmountPence ?? 0),
            Pounds(p?.PaidPence ?? 0),
            p?.PaidUtc is { } paid ? UkTime.ToUk(paid) : null,
            Pounds(p?.RefundedPence ?? 0),
            p?.RefundedUtc is { } refunded ? UkTime.ToUk(refunded) : null,
            Pounds(p?.NetPence ?? 0),
            Pounds(p?.OwedPence ?? 0),
            Pounds(p is null ? 0 : Math.Max(0, p.RefundDuePence - p.RefundedPence)),
            p?.DonationPercent,
            e.PaymentSummary);
    }

    private static decimal Pounds(long pence) => pence / 100m;
}

/// <param name="Offers">Places offered from the waitlist: open offers, then those that lapsed or were declined.</param>
public sealed record RegisterResponse(
    ManagedCourseResponse Course, IReadOnlyList<RegisterEntryResponse> Booked, IReadOnlyList<RegisterEntryResponse> Waitlist, IReadOnlyList<WaitlistEntryResponse> Offers)
{
    /// <summary>Cancelled bookings that had money received: their refunds, latest first.</summary>
    public IReadOnlyList<RegisterEntryResponse> CancelledWithPayments { get; init; } = [];

    public static RegisterResponse From(CourseRegister register) => new(
        ManagedCourseResponse.From(register.Course),
        register.Booked.Select(RegisterEntryResponse.From).ToList(),
        register.Waitlist.Select(RegisterEntryResponse.From).ToList(),
        register.Offers.Select(WaitlistEntryResponse.From).ToList())
    {
        CancelledWithPayments = register.CancelledWithPayments.Select(RegisterEntryResponse.From).ToList(),
    };
}

public sealed record RecentBookingResponse(string CourseId, string CourseTitle, string Reference, string ParentName, bool IsFreePlace, bool IsWaitlisted, DateTimeOffset BookedAt)
{
    public static RecentBookingResponse From(RecentBooking b) =>
        new(b.CourseId, b.CourseTitle, b.Reference, b.ParentName, b.IsFreePlace, b.IsWaitlisted, UkTime.ToUk(b.BookedUtc));
}

/// <param name="IsDefault">True until the owner first saves: the values come from configuration.</param>
/// <param name="WaitlistFill">"offer" or "book-straight-in".</param>
/// <param name="ReleaseFreePlacesDaysBefore">Null when free places are never released early.</param>
public sealed record SettingsResponse(
    string DeclineSignposting, decimal DonationPercent, DateTimeOffset? UpdatedAt, bool IsDefault, string WaitlistFill, int? ReleaseFreePlacesDaysBefore)
{
    /// <summary>Families cancelling up to this many days before the first session are refunded in full.</summary>
    public int RefundDaysBefore { get; init; }

    public string? PaymentAccountName { get; init; }
    public string? PaymentBankName { get; init; }
    public string? PaymentSortCode { get; init; }
    public string? PaymentAccountNumber { get; init; }
    public string? PaymentReferenceToQuote { get; init; }
    public string? PaymentInstructions { get; init; }

    public static SettingsResponse From(BusinessSettings s) =>
        new(s.DeclineSignposting, s.DonationPercent, s.UpdatedUtc is { } at ? UkTime.ToUk(at) : null, s.UpdatedUtc is null,
            BusinessSettingsInputValidator.WaitlistFillValue(s.WaitlistFill), s.ReleaseFreePlacesDaysBefore)
        {
            RefundDaysBefore = s.RefundDaysBefore,
            PaymentAccountName = s.PaymentDetails.AccountName,
            PaymentBankName = s.PaymentDetails.BankName,
            PaymentSortCode = s.PaymentDetails.SortCode,
            PaymentAccountNumber = s.PaymentDetails.AccountNumber,
            PaymentReferenceToQuote = s.PaymentDetails.ReferenceToQuote,
            PaymentInstructions = s.PaymentDetails.Instructions,
        };
}
