using System.Text.Json;
using HappyBabyHive.Courses;
using HappyBabyHive.Time;

namespace HappyBabyHive.Bookings;

/// <param name="Status">confirmed, waitlisted or awaitingPayment.</param>
/// <param name="CheckoutUrl">For awaitingPayment: Stripe Checkout's page; send the parent there.</param>
/// <param name="HeldUntilUtc">For awaitingPayment: when the held place is released unless paid (UTC).</param>
/// <param name="HeldUntil">The same, as a parent reads it: UK time and day, e.g. "14:35 on Monday 30 November".</param>
public sealed record BookingResponse(
    string Reference,
    string Status,
    int? WaitlistPosition,
    string CourseId,
    string CourseTitle,
    string Message,
    Uri? CheckoutUrl = null,
    DateTimeOffset? HeldUntilUtc = null,
    string? HeldUntil = null)
{
    public static BookingResponse From(BookingReceipt receipt)
    {
        var status = JsonNamingPolicy.CamelCase.ConvertName(receipt.Status.ToString());
        if (receipt is { Status: BookingStatus.AwaitingPayment, Checkout: { } checkout })
        {
            var until = HeldUntilText(checkout.ExpiresAtUtc);
            return new(receipt.Reference, status, null, receipt.CourseId, receipt.CourseTitle,
                $"We're holding your place until {until} while you pay. You're booked once you've paid.",
                checkout.Url, checkout.ExpiresAtUtc, until);
        }

        return new(
            receipt.Reference,
            status,
            receipt.WaitlistPosition,
            receipt.CourseId,
            receipt.CourseTitle,
            receipt.Status == BookingStatus.Waitlisted
                ? $"The course is full, so you're number {receipt.WaitlistPosition} on the waitlist. We'll email you if a place opens up."
                : "You're booked! We've emailed your confirmation with all the dates.");
    }

    /// <summary>"14:35 on Monday 30 November": the hold's end as a parent in the UK reads it.</summary>
    public static string HeldUntilText(DateTimeOffset utc) => $"{UkDateFormat.Clock(utc)} on {UkDateFormat.DayAndDate(utc)}";
}
