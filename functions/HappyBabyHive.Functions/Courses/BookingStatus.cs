namespace HappyBabyHive.Courses;

/// <summary>Where a booking stands. Stored by name, so never rename one.</summary>
public enum BookingStatus
{
    Confirmed,
    Waitlisted,
    Cancelled,

    /// <summary>
    /// A waiting family has been offered a place that opened up and has until the offer's expiry to claim it. The place
    /// is held for them (counted as taken), so nobody else can book it meanwhile.
    /// </summary>
    Offered,

    /// <summary>
    /// The family is moving here from another course (see <see cref="Booking.MovedFrom"/>): the place is held (counted
    /// as taken) while the move completes, which takes moments; if a crash interrupts it, the move recovery finishes
    /// the move or gives the place back.
    /// </summary>
    Arriving,

    /// <summary>
    /// The family is paying on Stripe Checkout: the place is held for them (counted as taken) until
    /// <see cref="BookingPayment.HeldUntilUtc"/>. Payment confirms it; expiry releases the place and offers it on.
    /// </summary>
    AwaitingPayment,
}

/// <summary>Why a booking ended. Stored by name, so never rename one.</summary>
public enum CancellationReason
{
    /// <summary>The family cancelled their place (or left the waitlist) from their manage-booking page.</summary>
    ByFamily,

    /// <summary>The owner cancelled this one booking from the console or the admin API.</summary>
    ByOwner,

    /// <summary>The family said no to an offered place.</summary>
    OfferDeclined,

    /// <summary>An offered place wasn't claimed in time, so it went to the next family.</summary>
    OfferLapsed,

    /// <summary>The family moved to another course (see <see cref="Booking.MovedTo"/>).</summary>
    MovedAway,

    /// <summary>A place held for a family moving here was given back: their old booking changed before the move finished.</summary>
    MoveUndone,

    /// <summary>The family didn't finish paying before the held place's time ran out, so it went back (and was offered on).</summary>
    PaymentNotCompleted,

    /// <summary>The place was held while the family paid when the owner cancelled the course, so the hold was ended.</summary>
    CourseCancelled,
}
