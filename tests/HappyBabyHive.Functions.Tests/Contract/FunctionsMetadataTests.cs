using System.Text.Json.Nodes;

namespace HappyBabyHive.Tests.Contract;

/// <summary>
/// The contract with the Functions host (and our local runner): the functions.metadata the Worker SDK generated at
/// build must list every function with the trigger, route, methods, auth level, queue or schedule we intend.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly JsonArray Metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")))!.AsArray();

    public static TheoryData<string, string, string?, string?, string?> ExpectedFunctions => new()
    {
        // name, trigger, route or queue or schedule, methods, auth level
        { "ListCourses", "httpTrigger", "courses", "get,options", "Anonymous" },
        { "GetCourse", "httpTrigger", "courses/{courseId}", "get,options", "Anonymous" },
        { "CreateBooking", "httpTrigger", "bookings", "post,options", "Anonymous" },
        { "SendEmail", "queueTrigger", "%Storage:NamePrefix%emails", null, null },
        { "SendOwnerEmail", "queueTrigger", "%Storage:NamePrefix%owner-emails", null, null },
        { "BookingForm", "httpTrigger", "forms/booking", "get", "Anonymous" },
        { "BookingFormPost", "httpTrigger", "forms/booking", "post", "Anonymous" },
        { "FormsScript", "httpTrigger", "forms/forms.js", "get", "Anonymous" },
        { "FormToken", "httpTrigger", "forms/token", "get,options", "Anonymous" },
        { "FreePlaceForm", "httpTrigger", "forms/free-place", "get", "Anonymous" },
        { "FreePlaceFormPost", "httpTrigger", "forms/free-place", "post", "Anonymous" },
        { "TipsForm", "httpTrigger", "forms/tips", "get", "Anonymous" },
        { "TipsFormPost", "httpTrigger", "forms/tips", "post", "Anonymous" },
        { "SweepOutbox", "timerTrigger", "0 * * * * *", null, null },
        { "CreateFreePlaceRequest", "httpTrigger", "free-place-requests", "post,options", "Anonymous" },
        { "ShowFreePlaceReview", "httpTrigger", "free-place-review", "get", "Anonymous" },
        { "ShowManageBooking", "httpTrigger", "manage-booking", "get", "Anonymous" },
        { "ChangeManageBooking", "httpTrigger", "manage-booking", "post", "Anonymous" },
        { "ShowConfirmBookingEmail", "httpTrigger", "manage-booking/confirm-email", "get", "Anonymous" },
        { "ConfirmBookingEmail", "httpTrigger", "manage-booking/confirm-email", "post", "Anonymous" },
        { "ShowClaimOffer", "httpTrigger", "claim-offer", "get", "Anonymous" },
        { "AnswerClaimOffer", "httpTrigger", "claim-offer", "post", "Anonymous" },
        { "OpenFreePlaceReview", "httpTrigger", "free-place-review", "post", "Anonymous" },
        { "ListFreePlaceRequests", "httpTrigger", "manage/free-place-requests", "get", "Function" },
        { "GetFreePlaceRequest", "httpTrigger", "manage/free-place-requests/{requestId}", "get", "Function" },
        { "ApproveFreePlaceRequest", "httpTrigger", "manage/free-place-requests/{requestId}/approve", "post", "Function" },
        { "DeclineFreePlaceRequest", "httpTrigger", "manage/free-place-requests/{requestId}/decline", "post", "Function" },
        { "ListManagedCourses", "httpTrigger", "manage/courses", "get", "Function" },
        { "CreateCourse", "httpTrigger", "manage/courses", "post", "Function" },
        { "GetManagedCourse", "httpTrigger", "manage/courses/{courseId}", "get", "Function" },
        { "UpdateCourse", "httpTrigger", "manage/courses/{courseId}", "put", "Function" },
        { "DuplicateCourse", "httpTrigger", "manage/courses/{courseId}/duplicate", "post", "Function" },
        { "CancelCourse", "httpTrigger", "manage/courses/{courseId}/cancel", "post", "Function" },
        { "GetCourseRegister", "httpTrigger", "manage/courses/{courseId}/register", "get", "Function" },
        { "GetCoursePayments", "httpTrigger", "manage/courses/{courseId}/payments", "get", "Function" },
        { "GetDonationReport", "httpTrigger", "manage/reports/donations", "get", "Function" },
        { "ListRecentBookings", "httpTrigger", "manage/bookings/recent", "get", "Function" },
        { "GetSettings", "httpTrigger", "manage/settings", "get", "Function" },
        { "UpdateSettings", "httpTrigger", "manage/settings", "put", "Function" },
        { "PurgeFreePlaceNotes", "timerTrigger", "0 30 3 * * *", null, null },
        { "ApplyRetention", "timerTrigger", "0 45 3 * * *", null, null },
        { "LapseEndedOffers", "timerTrigger", "0 */5 * * * *", null, null },
        { "ReleaseUnpaidHolds", "timerTrigger", "30 */5 * * * *", null, null },
        { "ReleaseUnusedFreePlaces", "timerTrigger", "0 15 6 * * *", null, null },
        { "RecoverInterruptedMoves", "timerTrigger", "0 */5 * * * *", null, null },
        { "BackupTables", "timerTrigger", "0 0 2 * * *", null, null },
        { "SendSessionReminders", "timerTrigger", "0 */15 * * * *", null, null },
        { "ListBackups", "httpTrigger", "manage/backups", "get", "Function" },
        { "RestoreBackup", "httpTrigger", "manage/backups/{night}/restore", "post", "Function" },
        { "ExportPersonalData", "httpTrigger", "manage/personal-data/export", "post", "Function" },
        { "ErasePersonalData", "httpTrigger", "manage/personal-data/erase", "post", "Function" },
        { "ListErasures", "httpTrigger", "manage/personal-data/erasures", "get", "Function" },
        { "RekeyLegacyRows", "httpTrigger", "manage/personal-data/rekey", "post", "Function" },
        { "PrivacyNotice", "httpTrigger", "privacy", "get", "Anonymous" },
        { "CreateSubscription", "httpTrigger", "subscriptions", "post,options", "Anonymous" },
        { "ConfirmSubscription", "httpTrigger", "subscriptions/confirm", "get,post", "Anonymous" },
        { "Unsubscribe", "httpTrigger", "subscriptions/unsubscribe", "get,post", "Anonymous" },
        { "GetCurrentTip", "httpTrigger", "tips/current", "get,options", "Anonymous" },
        { "ListTips", "httpTrigger", "tips", "get,options", "Anonymous" },
        { "PublishWeeklyTip", "timerTrigger", "0 0 7,8 * * 1", null, null },
        { "FanOutWeeklyTip", "queueTrigger", "%Storage:NamePrefix%tip-fanout", null, null },
        { "SendWeeklyTip", "queueTrigger", "%Storage:NamePrefix%tip-emails", null, null },
        { "ConsoleSignIn", "httpTrigger", "console/sign-in", "get", "Anonymous" },
        { "ConsoleRequestSignInLink", "httpTrigger", "console/sign-in", "post", "Anonymous" },
        { "ConsoleSignInLink", "httpTrigger", "console/sign-in/link", "get", "Anonymous" },
        { "ConsoleUseSignInLink", "httpTrigger", "console/sign-in/link", "post", "Anonymous" },
        { "ConsoleSignOut", "httpTrigger", "console/sign-out", "post", "Anonymous" },
        { "ConsoleSignOutEverywhere", "httpTrigger", "console/sign-out-everywhere", "post", "Anonymous" },
        { "ConsoleConfirmSignIn", "httpTrigger", "console/confirm-sign-in", "post", "Anonymous" },
        { "ConsoleDevices", "httpTrigger", "console/devices", "get", "Anonymous" },
        { "ConsoleSignOutDevice", "httpTrigger", "console/devices/sign-out", "post", "Anonymous" },
        { "ConsoleFreePlaceRequest", "httpTrigger", "console/free-places/{requestId}", "get", "Anonymous" },
        { "ConsoleDecideFreePlace", "httpTrigger", "console/free-places/{requestId}", "post", "Anonymous" },
        { "ConsoleDashboard", "httpTrigger", "console", "get", "Anonymous" },
        { "ConsoleCourses", "httpTrigger", "console/courses", "get", "Anonymous" },
        { "ConsoleNewCourse", "httpTrigger", "console/courses/new", "get", "Anonymous" },
        { "ConsoleCreateCourse", "httpTrigger", "console/courses", "post", "Anonymous" },
        { "ConsoleCourse", "httpTrigger", "console/courses/{courseId}", "get", "Anonymous" },
        { "ConsoleEditCourse", "httpTrigger", "console/courses/{courseId}/edit", "get", "Anonymous" },
        { "ConsoleUpdateCourse", "httpTrigger", "console/courses/{courseId}/edit", "post", "Anonymous" },
        { "ConsoleDuplicateCourse", "httpTrigger", "console/courses/{courseId}/duplicate", "post", "Anonymous" },
        { "ConsoleConfirmCancelCourse", "httpTrigger", "console/courses/{courseId}/cancel", "get", "Anonymous" },
        { "ConsoleCancelCourse", "httpTrigger", "console/courses/{courseId}/cancel", "post", "Anonymous" },
        { "ConsoleRegister", "httpTrigger", "console/courses/{courseId}/register", "get", "Anonymous" },
        { "ConsoleRegisterCsv", "httpTrigger", "console/courses/{courseId}/register/csv", "get", "Anonymous" },
        { "ConsolePaymentsCsv", "httpTrigger", "console/courses/{courseId}/payments/csv", "get", "Anonymous" },
        { "ConsoleDonationReport", "httpTrigger", "console/reports/donations", "get", "Anonymous" },
        { "ConsoleDonationReportCsv", "httpTrigger", "console/reports/donations/csv", "get", "Anonymous" },
        { "ConsoleSettings", "httpTrigger", "console/settings", "get", "Anonymous" },
        { "ConsoleSaveSettings", "httpTrigger", "console/settings", "post", "Anonymous" },
        { "ConsolePersonalData", "httpTrigger", "console/personal-data", "get", "Anonymous" },
        { "ConsoleExportPersonalData", "httpTrigger", "console/personal-data/export", "post", "Anonymous" },
        { "ConsoleReviewErasure", "httpTrigger", "console/personal-data/erase/review", "post", "Anonymous" },
        { "ConsoleErasePersonalData", "httpTrigger", "console/personal-data/erase", "post", "Anonymous" },
        { "ReceiveStripeWebhook", "httpTrigger", "stripe/webhook", "post", "Anonymous" },
        { "CheckoutSucceeded", "httpTrigger", "payments/success", "get", "Anonymous" },
        { "CheckoutCancelled", "httpTrigger", "payments/cancelled", "get", "Anonymous" },
        { "ApplyStripeEvent", "queueTrigger", "%Storage:NamePrefix%stripe-events", null, null },
        { "SweepStripeEvents", "timerTrigger", "0 */5 * * * *", null, null },
        { "ConsoleBookingPayment", "httpTrigger", "console/courses/{courseId}/bookings/{reference}/payment", "get", "Anonymous" },
        { "ConsoleRecordBookingPayment", "httpTrigger", "console/courses/{courseId}/bookings/{reference}/payment", "post", "Anonymous" },
        { "IssueRefund", "queueTrigger", "%Storage:NamePrefix%refunds", null, null },
        { "SweepRefunds", "timerTrigger", "0 */10 * * * *", null, null },
        { "MarkBookingPaid", "httpTrigger", "manage/courses/{courseId}/bookings/{reference}/payment/paid", "put", "Function" },
        { "UndoBookingPaid", "httpTrigger", "manage/courses/{courseId}/bookings/{reference}/payment/paid", "delete", "Function" },
        { "MarkBookingRefunded", "httpTrigger", "manage/courses/{courseId}/bookings/{reference}/payment/refunded", "put", "Function" },
        { "GetCourseWaitlist", "httpTrigger", "manage/courses/{courseId}/waitlist", "get", "Function" },
        { "CancelBooking", "httpTrigger", "manage/courses/{courseId}/bookings/{reference}/cancel", "post", "Function" },
        { "MarkAttendance", "httpTrigger", "manage/courses/{courseId}/bookings/{reference}/attendance/{session}", "put", "Function" },
        { "ListMoveChoices", "httpTrigger", "manage/courses/{courseId}/bookings/{reference}/move", "get", "Function" },
        { "MoveBooking", "httpTrigger", "manage/courses/{courseId}/bookings/{reference}/move", "post", "Function" },
        { "GetNextTip", "httpTrigger", "manage/tips/next", "get", "Function" },
        { "PublishTipNow", "httpTrigger", "manage/tips/publish", "post", "Function" },
        { "ConsoleConfirmCancelBooking", "httpTrigger", "console/courses/{courseId}/bookings/{reference}/cancel", "get", "Anonymous" },
        { "ConsoleCancelBooking", "httpTrigger", "console/courses/{courseId}/bookings/{reference}/cancel", "post", "Anonymous" },
        { "ConsoleAttendance", "httpTrigger", "console/courses/{courseId}/attendance/{session}", "get", "Anonymous" },
        { "ConsoleMarkAttendance", "httpTrigger", "console/courses/{courseId}/attendance/{session}", "post", "Anonymous" },
        { "ConsoleChooseMove", "httpTrigger", "console/courses/{courseId}/bookings/{reference}/move", "get", "Anonymous" },
        { "ConsoleMoveBooking", "httpTrigger", "console/courses/{courseId}/bookings/{reference}/move", "post", "Anonymous" },
        { "ConsoleTips", "httpTrigger", "console/tips", "get", "Anonymous" },
        { "ConsolePreviewTip", "httpTrigger", "console/tips/preview", "get", "Anonymous" },
        { "ConsolePublishTip", "httpTrigger", "console/tips/publish", "post", "Anonymous" },
    };

    [Theory]
    [MemberData(nameof(ExpectedFunctions))]
    public void Each_function_has_the_trigger_we_intend(string name, string trigger, string? target, string? methods, string? authLevel)
    {
        var function = Assert.Single(Metadata, f => (string?)f!["name"] == name)!;
        var binding = Assert.Single(function["bindings"]!.AsArray(), b => ((string?)b!["type"])!.EndsWith("Trigger", StringComparison.Ordinal))!;

        Assert.Equal(trigger, (string?)binding["type"]);
        Assert.StartsWith("HappyBabyHive.Functions.", (string?)function["entryPoint"], StringComparison.Ordinal);
        switch (trigger)
        {
            case "httpTrigger":
                Assert.Equal(target, (string?)binding["route"]);
                Assert.Equal(methods, string.Join(',', binding["methods"]!.AsArray().Select(m => ((string?)m)!.ToLowerInvariant())));
                Assert.Equal(authLevel, (string?)binding["authLevel"], ignoreCase: true);
                break;
            case "queueTrigger":
                Assert.Equal(target, (string?)binding["queueName"]);
                Assert.Equal("AzureWebJobsStorage", (string?)binding["connection"]);
                break;
            default:
                Assert.Equal(target, (string?)binding["schedule"]);
                break;
        }
    }

    [Fact]
    public void No_function_exists_that_the_contract_does_not_know()
    {
        var expected = ExpectedFunctions.Select(row => (string)row[0]).Order();

        Assert.Equal(expected, Metadata.Select(f => (string)f!["name"]!).Order());
    }

    [Fact]
    public void The_outbox_knows_the_host_max_dequeue_count()
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")))!;

        Assert.Equal(new HappyBabyHive.Outbox.OutboxOptions().MaxDequeueCount, (int)host["extensions"]!["queues"]!["maxDequeueCount"]!);
        Assert.Equal("base64", (string?)host["extensions"]!["queues"]!["messageEncoding"]);
    }
}
