using HappyBabyHive.Courses;
namespace HappyBabyHive.Bookings;

public sealed record BookingResponse(
    string Reference,
    string Status,
    int? WaitlistPosition,
    string CourseId,
    string CourseTitle,
    string Message)
{
    public static BookingResponse From(BookingReceipt receipt) => new(
        receipt.Reference,
        receipt.Status.ToString().ToLowerInvariant(),
        receipt.WaitlistPosition,
        receipt.CourseId,
        receipt.CourseTitle,
        receipt.Status == BookingStatus.Waitlisted
            ? $"The course is full, so you're number {receipt.WaitlistPosition} on the waitlist. We'll email you if a place opens up."
            : "You're booked! We've emailed your confirmation with all the dates.");
}
