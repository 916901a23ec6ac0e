namespace HappyBabyHive.Outbox;

/// <summary>Names of the emails the outbox can owe. Stored in outbox rows, so never rename one.</summary>
public static class EmailTemplates
{
    public const string BookingConfirmed = "booking-confirmed";
    public const string BookingWaitlisted = "booking-waitlisted";
}
