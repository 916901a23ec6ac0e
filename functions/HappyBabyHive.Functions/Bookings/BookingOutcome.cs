using HappyBabyHive.Courses;
namespace HappyBabyHive.Bookings;

public sealed record BookingReceipt(
    string Reference,
    BookingStatus Status,
    int? WaitlistPosition,
    string CourseId,
    string CourseTitle);

/// <summary>Every way a booking attempt can end; the HTTP function maps each to one response.</summary>
public abstract record BookingOutcome
{
    private BookingOutcome()
    {
    }

    public sealed record Created(BookingReceipt Receipt) : BookingOutcome;

    /// <summary>The same family or the same idempotency key booked before: here is that original booking.</summary>
    public sealed record Replayed(BookingReceipt Receipt) : BookingOutcome;

    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : BookingOutcome;

    public sealed record CourseNotFound(string CourseId) : BookingOutcome;

    public sealed record CourseNotBookable(string Detail) : BookingOutcome;

    public sealed record IdempotencyKeyReused : BookingOutcome;

    /// <summary>So many people booked this course at once that we gave up retrying; safe to try again.</summary>
    public sealed record Busy : BookingOutcome;

    /// <summary>A honeypot field was filled in: nothing is stored and nothing is sent.</summary>
    public sealed record Ignored : BookingOutcome;
}
