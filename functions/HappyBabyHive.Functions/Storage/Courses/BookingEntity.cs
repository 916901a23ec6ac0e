using Azure;
using System.Globalization;
using Azure.Data.Tables;
using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;

namespace HappyBabyHive.Storage.Courses;

/// <summary>A family's place (or waitlist place) on a course. Lives in the course's partition.</summary>
internal sealed class BookingEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = string.Empty;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Reference { get; set; } = string.Empty;
    public string Status { get; set; } = string.Empty;
    public int? WaitlistPosition { get; set; }
    public bool IsFreePlace { get; set; }
    public string ParentName { get; set; } = string.Empty;
    public string Email { get; set; } = string.Empty;
    public string? Phone { get; set; }
    public string BabyFirstName { get; set; } = string.Empty;
    public string BabyDateOfBirth { get; set; } = string.Empty;
    public DateTimeOffset TermsAcceptedUtc { get; set; }
    public bool WellbeingTipsOptIn { get; set; }
    public DateTimeOffset? WellbeingTipsOptInUtc { get; set; }

    /// <summary>The version of the tips consent wording the form showed (see WellbeingTips.ConsentWording).</summary>
    public string? WellbeingTipsConsentVersion { get; set; }
    public DateTimeOffset CreatedUtc { get; set; }
    public DateTimeOffset? OfferedUtc { get; set; }
    public DateTimeOffset? OfferExpiresUtc { get; set; }
    public DateTimeOffset? CancelledUtc { get; set; }
    public string? CancellationReason { get; set; }
    public string? CancelledFrom { get; set; }
    public string? MovedFromCourseId { get; set; }
    public string? MovedFromReference { get; set; }
    public string? MovedToCourseId { get; set; }
    public string? MovedToReference { get; set; }
    public string? PendingEmail { get; set; }
    public int EmailChangeRequests { get; set; }

    /// <summary>The UK dates of the sessions attended, "yyyy-MM-dd" comma-separated (a table has no list type); null when none.</summary>
    public string? AttendedSessions { get; set; }

    // The payment (Booking.Payment), one column per field: PaymentMethod is null when there is none.
    public string? PaymentMethod { get; set; }
    public long PaymentAmountPence { get; set; }
    public string? PaymentCheckoutSessionId { get; set; }
    public int PaymentCheckoutAttempt { get; set; }
    public DateTimeOffset? PaymentHeldUntilUtc { get; set; }
    public string? PaymentIntentId { get; set; }
    public long PaymentPaidPence { get; set; }
    public DateTimeOffset? PaymentPaidUtc { get; set; }

    /// <summary>A table has no decimal type: the percentage as invariant text ("12.5"), so it is stored exactly.</summary>
    public string? PaymentDonationPercent { get; set; }
    public long PaymentRefundDuePence { get; set; }
    public string? PaymentRefundReason { get; set; }
    public long PaymentRefundedPence { get; set; }
    public DateTimeOffset? PaymentRefundedUtc { get; set; }

    /// <summary>
    /// Derived, never read back: true while a decided refund is not yet confirmed in full, so the refund sweep finds the
    /// few such rows with one filtered query instead of every booking that ever had a refund.
    /// </summary>
    public bool PaymentRefundOutstanding { get; set; }

    public BookingStatus BookingStatus => Enum.Parse<BookingStatus>(Status);

    public static BookingEntity FromBooking(string courseId, Booking booking) =>
        new BookingEntity { PartitionKey = courseId, RowKey = RowKeys.Booking(booking.Reference) }.Apply(booking);

    /// <summary>Sets every field the domain owns from <paramref name="booking"/>, keeping the keys and ETag this row was read with.</summary>
    public BookingEntity Apply(Booking booking)
    {
        Reference = booking.Reference;
        Status = booking.Status.ToString();
        WaitlistPosition = booking.WaitlistPosition;
        IsFreePlace = booking.IsFreePlace;
        ParentName = booking.ParentName;
        Email = booking.Email;
        Phone = booking.Phone;
        BabyFirstName = booking.BabyFirstName;
        BabyDateOfBirth = booking.BabyDateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        TermsAcceptedUtc = booking.TermsAcceptedUtc;
        WellbeingTipsOptIn = booking.WellbeingTipsOptIn;
        WellbeingTipsOptInUtc = booking.WellbeingTipsOptInUtc;
        WellbeingTipsConsentVersion = booking.WellbeingTipsConsentVersion;
        CreatedUtc = booking.CreatedUtc;
        OfferedUtc = booking.OfferedUtc;
        OfferExpiresUtc = booking.OfferExpiresUtc;
        CancelledUtc = booking.CancelledUtc;
        CancellationReason = booking.CancellationReason?.ToString();
        CancelledFrom = booking.CancelledFrom?.ToString();
        MovedFromCourseId = booking.MovedFrom?.CourseId;
        MovedFromReference = booking.MovedFrom?.Reference;
        MovedToCourseId = booking.MovedTo?.CourseId;
        MovedToReference = booking.MovedTo?.Reference;
        PendingEmail = booking.PendingEmail;
        EmailChangeRequests = booking.EmailChangeRequests;
        AttendedSessions = booking.AttendedSessions.Count == 0
            ? null
            : string.Join(',', booking.AttendedSessions.Order().Select(d => d.ToString(DateFormat, CultureInfo.InvariantCulture)));
        ApplyPayment(booking.Payment);
        return this;
    }

    public Booking ToBooking() => new()
    {
        Reference = Reference,
        Status = BookingStatus,
        WaitlistPosition = WaitlistPosition,
        IsFreePlace = IsFreePlace,
        ParentName = ParentName,
        Email = Email,
        Phone = Phone,
        BabyFirstName = BabyFirstName,
        BabyDateOfBirth = DateOnly.ParseExact(BabyDateOfBirth, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        TermsAcceptedUtc = TermsAcceptedUtc,
        WellbeingTipsOptIn = WellbeingTipsOptIn,
        WellbeingTipsOptInUtc = WellbeingTipsOptInUtc,
        WellbeingTipsConsentVersion = WellbeingTipsConsentVersion,
        CreatedUtc = CreatedUtc,
        OfferedUtc = OfferedUtc,
        OfferExpiresUtc = OfferExpiresUtc,
        CancelledUtc = CancelledUtc,
        CancellationReason = CancellationReason is null ? null : Enum.Parse<CancellationReason>(CancellationReason),
        CancelledFrom = CancelledFrom is null ? null : Enum.Parse<BookingStatus>(CancelledFrom),
        MovedFrom = MovedFromCourseId is null || MovedFromReference is null ? null : new BookingKey(MovedFromCourseId, MovedFromReference),
        MovedTo = MovedToCourseId is null || MovedToReference is null ? null : new BookingKey(MovedToCourseId, MovedToReference),
        PendingEmail = PendingEmail,
        EmailChangeRequests = EmailChangeRequests,
        AttendedSessions = string.IsNullOrEmpty(AttendedSessions)
            ? []
            : AttendedSessions.Split(',').Select(d => DateOnly.ParseExact(d, DateFormat, CultureInfo.InvariantCulture)).ToList(),
        Payment = ToPayment(),
    };

    private void ApplyPayment(BookingPayment? payment)
    {
        PaymentMethod = payment?.Method.ToString();
        PaymentAmountPence = payment?.AmountPence ?? 0;
        PaymentCheckoutSessionId = payment?.CheckoutSessionId;
        PaymentCheckoutAttempt = payment?.CheckoutAttempt ?? 0;
        PaymentHeldUntilUtc = payment?.HeldUntilUtc;
        PaymentIntentId = payment?.PaymentIntentId;
        PaymentPaidPence = payment?.PaidPence ?? 0;
        PaymentPaidUtc = payment?.PaidUtc;
        PaymentDonationPercent = payment?.DonationPercent?.ToString(CultureInfo.InvariantCulture);
        PaymentRefundDuePence = payment?.RefundDuePence ?? 0;
        PaymentRefundReason = payment?.RefundReason;
        PaymentRefundedPence = payment?.RefundedPence ?? 0;
        PaymentRefundedUtc = payment?.RefundedUtc;
        PaymentRefundOutstanding = payment?.RefundOutstanding ?? false;
    }

    internal BookingPayment? ToPayment() => PaymentMethod is null ? null : new BookingPayment
    {
        Method = Enum.Parse<HappyBabyHive.Courses.PaymentMethod>(PaymentMethod),
        AmountPence = PaymentAmountPence,
        CheckoutSessionId = PaymentCheckoutSessionId,
        CheckoutAttempt = PaymentCheckoutAttempt,
        HeldUntilUtc = PaymentHeldUntilUtc,
        PaymentIntentId = PaymentIntentId,
        PaidPence = PaymentPaidPence,
        PaidUtc = PaymentPaidUtc,
        DonationPercent = PaymentDonationPercent is null ? null : decimal.Parse(PaymentDonationPercent, NumberStyles.Number, CultureInfo.InvariantCulture),
        RefundDuePence = PaymentRefundDuePence,
        RefundReason = PaymentRefundReason,
        RefundedPence = PaymentRefundedPence,
        RefundedUtc = PaymentRefundedUtc,
    };

    private const string DateFormat = "yyyy-MM-dd";
}

/// <summary>Points a family (hashed email and baby name) or an idempotency key at the booking it made.</summary>
internal sealed class BookingPointerEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = string.Empty;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Reference { get; set; } = string.Empty;

    /// <summary>For idempotency keys: a hash of the request, so the same key with a different body is refused.</summary>
    public string? RequestHash { get; set; }
}
