namespace HappyBabyHive.Tests.Architecture;

/// <summary>
/// Today's known breaks of the architecture rules, each being removed by another part of issue 13 (store13: the storage
/// layer for courses, bookings, free places and registers; email13: Email as a leaf, outbox, tips, settings, sign-in and
/// backups storage). Every list only shrinks: a "still real" test fails when an entry no longer breaks its rule, so
/// whoever fixes one deletes it here. After those parts are merged all three lists must be empty.
/// </summary>
internal static class KnownViolations
{
    /// <summary>Types outside HappyBabyHive.Storage and the composition root that use Azure.Data.Tables / Queues / Blobs.</summary>
    public static readonly IReadOnlySet<string> StorageSdkOutsideStorage = new HashSet<string>(StringComparer.Ordinal)
    {
        // store13
        "HappyBabyHive.Bookings.BookingEntity",
        "HappyBabyHive.Bookings.BookingPointerEntity",
        "HappyBabyHive.Bookings.BookingService",
        "HappyBabyHive.Courses.CourseCalendarEntity",
        "HappyBabyHive.Courses.CourseEntity",
        "HappyBabyHive.Courses.Management.CourseManagementService",
        "HappyBabyHive.Courses.Management.WaitlistPromotion",
        "HappyBabyHive.Courses.TableCourseStore",
        "HappyBabyHive.FreePlaces.FreePlaceDecisionService",
        "HappyBabyHive.FreePlaces.FreePlaceEmailComposer",
        "HappyBabyHive.FreePlaces.FreePlaceNotePurger",
        "HappyBabyHive.FreePlaces.FreePlaceRequestEntity",
        "HappyBabyHive.FreePlaces.FreePlaceRequestService",
        "HappyBabyHive.FreePlaces.TableFreePlaceStore",
        "HappyBabyHive.Registers.RegisterService",
        // email13
        "HappyBabyHive.Backups.BackupEntityJson",
        "HappyBabyHive.Backups.TableBackup",
        "HappyBabyHive.Email.BookingEmailComposer",
        "HappyBabyHive.Email.CourseCancelledEmailComposer",
        "HappyBabyHive.Outbox.OutboxEntity",
        "HappyBabyHive.Outbox.OutboxProcessor",
        "HappyBabyHive.Outbox.OutboxSweeper",
        "HappyBabyHive.Outbox.StorageEmailEnqueuer",
        "HappyBabyHive.OwnerConsole.SignIn.OwnerSignInAttemptEntity",
        "HappyBabyHive.OwnerConsole.SignIn.OwnerSignInEmailComposer",
        "HappyBabyHive.OwnerConsole.SignIn.OwnerSignInService",
        "HappyBabyHive.OwnerConsole.SignIn.OwnerSignInUseEntity",
        "HappyBabyHive.Settings.SettingsEntity",
        "HappyBabyHive.Settings.TableBusinessSettingsStore",
        "HappyBabyHive.WellbeingTips.ConsentEventEntity",
        "HappyBabyHive.WellbeingTips.SubscriberEntity",
        "HappyBabyHive.WellbeingTips.SubscriptionService",
        "HappyBabyHive.WellbeingTips.TipArchive",
        "HappyBabyHive.WellbeingTips.TipPublicationEntity",
        "HappyBabyHive.WellbeingTips.TipPublisher",
        "HappyBabyHive.WellbeingTips.TipQueues",
        "HappyBabyHive.WellbeingTips.TipSender",
        "HappyBabyHive.WellbeingTips.TipSentEntity",
        "HappyBabyHive.WellbeingTips.TipSubscriptionEmailComposer",
    };

    /// <summary>Email types that depend on HappyBabyHive.Storage or a storage SDK.</summary>
    public static readonly IReadOnlySet<string> EmailUsingStorage = new HashSet<string>(StringComparer.Ordinal)
    {
        // email13: composers that read tables instead of receiving what they render
        "HappyBabyHive.Email.BookingEmailComposer",
        "HappyBabyHive.Email.CourseCancelledEmailComposer",
    };

    /// <summary>Feature → feature dependencies that close a cycle (see <see cref="FeatureCycleTests"/>).</summary>
    public static readonly IReadOnlySet<(string From, string To)> FeatureCycleEdges = new HashSet<(string, string)>
    {
        // store13: course management writes bookings and registers its register service (Bookings↔Courses, Courses↔Registers)
        ("Courses", "Bookings"),
        ("Courses", "Registers"),
        // email13: composers read courses and bookings and write outbox rows (Courses↔Email, Email↔Outbox)
        ("Email", "Bookings"),
        ("Email", "Courses"),
        ("Email", "Outbox"),
    };
}
