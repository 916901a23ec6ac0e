using HappyBabyHive.Courses;

namespace HappyBabyHive.Bookings.Manage;

/// <summary>A booking and its course, as the family's manage page shows them.</summary>
public sealed record ManagedBooking(Booking Booking, Course Course);

/// <summary>New contact details as typed on the manage page (strings, so a mistake can be shown again).</summary>
/// <param name="Phone">Blank removes the phone number.</param>
/// <param name="Email">The address emails should go to; a different one waits for the family to confirm it.</param>
public sealed record ContactChange(string? Phone, string? Email);

/// <summary>What updating a family's contact details came to.</summary>
public abstract record ContactOutcome
{
    /// <param name="ConfirmationSent">A new email address was given: a link went to it, and it takes over only once clicked.</param>
    public sealed record Updated(ManagedBooking Managed, bool PhoneChanged, bool ConfirmationSent) : ContactOutcome;

    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : ContactOutcome;

    /// <summary>This booking has asked for as many email changes as it may (each sends an email to the address given).</summary>
    public sealed record TooManyEmailChanges(ManagedBooking Managed) : ContactOutcome;

    /// <summary>The booking was cancelled or the course is over: nothing left to contact them about.</summary>
    public sealed record Closed(ManagedBooking Managed) : ContactOutcome;

    public sealed record NotFound : ContactOutcome;

    public sealed record Busy : ContactOutcome;
}

/// <summary>What clicking the "confirm your new email address" link came to.</summary>
public abstract record EmailConfirmOutcome
{
    public sealed record Confirmed(ManagedBooking Managed) : EmailConfirmOutcome;

    /// <summary>This change was confirmed before (a second click): nothing changed.</summary>
    public sealed record AlreadyConfirmed(ManagedBooking Managed) : EmailConfirmOutcome;

    /// <summary>A newer change was asked for since this link was sent (or the booking ended), so this link no longer applies.</summary>
    public sealed record OutOfDate(ManagedBooking Managed) : EmailConfirmOutcome;

    public sealed record NotFound : EmailConfirmOutcome;

    public sealed record Busy : EmailConfirmOutcome;
}
