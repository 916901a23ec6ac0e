namespace HappyBabyHive.Outbox;

/// <summary>Names of the emails the outbox can owe. Stored in outbox rows, so never rename one.</summary>
/// <remarks>Session reminders have one name per session, "reminder-" and the session's start: see Reminders.ReminderTemplates.</remarks>
public static class EmailTemplates
{
    public const string BookingConfirmed = "booking-confirmed";
    public const string BookingWaitlisted = "booking-waitlisted";
    /// <summary>The owner added places and this waiting family was given one (outbox row in the course's partition).</summary>
    public const string WaitlistPromoted = "waitlist-promoted";

    /// <summary>The owner cancelled the course (outbox row in the course's partition, one per booking).</summary>
    public const string CourseCancelled = "course-cancelled";

    /// <summary>A booking (or a place on the waitlist) was cancelled by the family or the owner.</summary>
    public const string BookingCancelled = "booking-cancelled";

    /// <summary>A place opened up and is held for this waiting family until the offer ends; the email has the claim link.</summary>
    public const string PlaceOffered = "place-offered";

    /// <summary>An offered place wasn't claimed in time and went to the next family.</summary>
    public const string OfferLapsed = "offer-lapsed";

    /// <summary>
    /// "Sorry, your payment arrived after your place had gone; it's on its way back": a card payment completed after
    /// the held place was released and none was free to take back (outbox row in the course's partition).
    /// </summary>
    public const string LatePaymentRefund = "late-payment-refund";

    public const string FreePlaceReceived = "free-place-received";
    public const string FreePlaceOwnerNotification = "free-place-owner-notification";
    public const string FreePlaceDeclined = "free-place-declined";

    /// <summary>"Please confirm your wellbeing tips subscription" (outbox row in the subscriber's partition).</summary>
    public const string TipsConfirm = "tips-confirm";

    /// <summary>The booking form's tips box was ticked: start the same double opt-in (outbox row in the booking's partition).</summary>
    public const string TipsOptInFromBooking = "tips-opt-in-from-booking";

    /// <summary>
    /// "You already have a booking": someone booked again as a family who already has a live booking on the course,
    /// without that booking's Idempotency-Key. One template per attempt (the prefix and a random id), so each attempt
    /// owes exactly one email (outbox row in the course's partition, about the original booking).
    /// </summary>
    public const string BookingDuplicatePrefix = "booking-duplicate-";

    public static string BookingDuplicate() => BookingDuplicatePrefix + Guid.NewGuid().ToString("N");

    public static bool IsBookingDuplicate(string template) => template.StartsWith(BookingDuplicatePrefix, StringComparison.Ordinal);

    /// <summary>The owner's console sign-in link (outbox row in the sign-in attempt's partition).</summary>
    public const string OwnerSignInLink = "owner-sign-in-link";
}
