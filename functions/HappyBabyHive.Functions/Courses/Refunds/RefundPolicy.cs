using HappyBabyHive.Time;

namespace HappyBabyHive.Courses.Refunds;

/// <summary>
/// The cancellation policy for paid places: a family who cancels up to <see cref="DaysBefore"/> days before the first
/// session gets everything back; after that, nothing (the place is hard to fill so late). "Days before" is counted on
/// the UK wall clock, as the family reads it: for a course starting Saturday 10:00, seven days before is the previous
/// Saturday 10:00 UK time, even when the clocks change in between (the instant then is 23 or 25 hours off a plain
/// 7 × 24 hours in UTC).
/// </summary>
public sealed record RefundPolicy(int DaysBefore)
{
    public const int DefaultDaysBefore = 7;
    public const int MaxDaysBefore = 60;

    public static RefundPolicy Default { get; } = new(DefaultDaysBefore);

    /// <summary>The last instant a cancelling family is refunded in full.</summary>
    public DateTimeOffset FullRefundUntilUtc(Course course)
    {
        var start = UkTime.ToUk(course.FirstSessionStartsUtc);
        var day = DateOnly.FromDateTime(start.DateTime).AddDays(-DaysBefore);
        return UkTime.FromUkLocal(day, TimeOnly.FromDateTime(start.DateTime));
    }

    public bool RefundsFamilyCancellingAt(Course course, DateTimeOffset nowUtc) => nowUtc <= FullRefundUntilUtc(course);
}
