namespace HappyBabyHive.Courses;

public enum BookingStatus
{
    Confirmed,
    Waitlisted,
    Cancelled,
}
