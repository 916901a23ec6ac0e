using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;

namespace HappyBabyHive.Email;

/// <summary>A booking and its course, as an email about the booking needs them; either is null when it is gone.</summary>
public sealed record CourseEmailRows(BookingEntity? Booking, CourseEntity? Course);

/// <summary>Loads what a booking's email shows, in as few storage requests as possible (one).</summary>
public interface ICourseEmailRows
{
    Task<CourseEmailRows> LoadAsync(string courseId, string bookingRowKey, CancellationToken cancellationToken);
}
