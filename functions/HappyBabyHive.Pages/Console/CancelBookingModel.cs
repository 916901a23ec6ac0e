namespace HappyBabyHive.Pages.Console;

/// <summary>The confirmation before the owner cancels one family's booking (or takes them off the waitlist).</summary>
/// <param name="PostUrl">Where the form posts (this page).</param>
/// <param name="Place">What they hold, in words, e.g. "a paid place" or "place 2 on the waitlist".</param>
/// <param name="WhatHappens">What cancelling does to the place, in words (offered to the waitlist, or not).</param>
/// <param name="IsWaitlist">They are waiting rather than booked, so the action is "take off the waitlist".</param>
public sealed record CancelBookingModel(
    string PostUrl,
    string RegisterUrl,
    string CsrfToken,
    string CourseTitle,
    string Schedule,
    string ParentName,
    string BabyFirstName,
    string Reference,
    string Place,
    string WhatHappens,
    bool IsWaitlist,
    bool EmailFamily,
    string? Problem)
{
    /// <summary>The checkbox: "true" when ticked (email the family); missing when not.</summary>
    public const string EmailFamilyField = "emailFamily";

    /// <summary>For a paid place: "yes" gives back what they paid, "no" keeps it. Missing (a waitlist place) means yes.</summary>
    public const string RefundField = "refund";

    public const string RefundYes = "yes";
    public const string RefundNo = "no";

    /// <summary>True for a paid place (general, not free): ask whether to refund.</summary>
    public bool AskRefund { get; init; }

    /// <summary>What the refund choice shows selected (after a refusal, what she chose).</summary>
    public bool Refund { get; init; } = true;

    /// <summary>Where the family's money stands, in words (e.g. "Paid £60.00 on 3 Dec"), for a place with a money side.</summary>
    public string? Payment { get; init; }

    /// <summary>The booking's payment page, linked from <see cref="Payment"/> (check or record a payment before cancelling).</summary>
    public string? PaymentUrl { get; init; }
}
