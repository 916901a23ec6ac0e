namespace HappyBabyHive.Bookings;

public enum BookingStatus
{
    Confirmed,
    Waitlisted,
    Cancelled,
}
