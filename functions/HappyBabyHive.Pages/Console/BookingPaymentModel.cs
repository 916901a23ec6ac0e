namespace HappyBabyHive.Pages.Console;

/// <summary>
/// One booking's money, for the owner: where it stands in words, and the buttons she may press (mark paid, undo a
/// mistaken mark, mark a by-hand refund given back). Card payments are Stripe's, so they show no buttons.
/// </summary>
/// <param name="PostUrl">Where the buttons post (this page).</param>
/// <param name="Standing">Where the money stands, in words, e.g. "Paid £60 by bank transfer or cash on Tuesday 3 March."</param>
/// <param name="ToDo">What she has to do, if anything, e.g. "Refund £60 by bank transfer, then mark it refunded."</param>
/// <param name="Actions">The buttons to show, in order.</param>
/// <param name="Done">A note after an action (e.g. "Marked paid."); null otherwise.</param>
public sealed record BookingPaymentModel(
    string PostUrl,
    string RegisterUrl,
    string CsrfToken,
    string CourseTitle,
    string ParentName,
    string BabyFirstName,
    string Reference,
    string Standing,
    string? ToDo,
    IReadOnlyList<BookingPaymentAction> Actions,
    string? Done,
    string? Problem)
{
    /// <summary>The posted button's value: one of <see cref="MarkPaid"/>, <see cref="UndoPaid"/>, <see cref="MarkRefunded"/>.</summary>
    public const string ActionField = "action";

    public const string MarkPaid = "mark-paid";
    public const string UndoPaid = "undo-paid";
    public const string MarkRefunded = "mark-refunded";
}

/// <param name="Value">What the button posts as <see cref="BookingPaymentModel.ActionField"/>.</param>
/// <param name="Label">The button's words.</param>
/// <param name="IsSecondary">An undo: shown less prominently.</param>
public sealed record BookingPaymentAction(string Value, string Label, bool IsSecondary = false);
