using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Partition;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.Pages.Console;
using HappyBabyHive.Text;
using HappyBabyHive.Time;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace HappyBabyHive.OwnerConsole.Pages;

/// <summary>
/// The console's page for one booking's money (<see cref="BookingMoney"/>): loads the booking and says, in her words,
/// where its payment stands and what she can record. The buttons post to the same address.
/// </summary>
public sealed class BookingPaymentPage(ConsolePage page, ICoursePartitionStore partitions)
{
    public const string Title = "Payment";

    /// <summary>The notes shown after an action, by the "done" query value.</summary>
    public static readonly IReadOnlyDictionary<string, string> DoneNotes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [BookingPaymentModel.MarkPaid] = "Marked paid.",
        [BookingPaymentModel.UndoPaid] = "Marked not paid.",
        [BookingPaymentModel.MarkRefunded] = "Marked refunded.",
    };

    public static string Url(string consoleBase, string courseId, string reference) =>
        $"{consoleBase}/courses/{Uri.EscapeDataString(courseId)}/bookings/{Uri.EscapeDataString(reference)}/payment";

    public async Task<IActionResult> RenderAsync(
        HttpRequest request, OwnerSession session, BookingKey key, string? done = null, string? problem = null, int statusCode = StatusCodes.Status200OK,
        CancellationToken cancellationToken = default)
    {
        var snapshot = CourseIdFormat.IsValid(key.CourseId) ? await partitions.LoadAsync(key.CourseId, cancellationToken) : null;
        if (snapshot is null)
        {
            return await page.CourseNotFoundAsync(request, session);
        }

        if (await partitions.FindBookingAsync(key.CourseId, key.Reference, cancellationToken) is not { } booking)
        {
            return await page.NoticeAsync(request, session, "We couldn't find that booking", NoticeKind.BookingNotFound, StatusCodes.Status404NotFound);
        }

        var course = snapshot.Course;
        var courseUrl = CourseText.Url(ConsolePaths.Base(request), course);
        var (standing, toDo, actions) = Describe(booking);
        var model = new BookingPaymentModel(
            Url(ConsolePaths.Base(request), key.CourseId, key.Reference),
            RegisterPage.RegisterUrl(courseUrl),
            session.CsrfToken,
            course.Title,
            booking.ParentName,
            booking.BabyFirstName,
            booking.Reference,
            standing,
            toDo,
            actions,
            done is not null && DoneNotes.TryGetValue(done, out var note) ? note : null,
            problem);
        return await page.RenderAsync<BookingMoney>(request, session, ConsoleSection.Courses, Title, model, statusCode, problem is null ? null : "Error: " + Title);
    }

    /// <summary>Where the money stands, what she must do, and which buttons apply.</summary>
    internal static (string Standing, string? ToDo, IReadOnlyList<BookingPaymentAction> Actions) Describe(Booking booking)
    {
        if (booking.Payment is not { } p)
        {
            return (booking.IsFreePlace ? "A free place: nothing to pay." : "Nothing to pay for this booking.", null, []);
        }

        var byCard = p.Method == PaymentMethod.Card;
        var how = byCard ? "by card" : "by bank transfer or cash";
        var paid = p.PaidUtc is { } when ? $"Paid {Money.Pounds(p.PaidPence)} {how} on {UkDateFormat.DayAndDate(when)}." : null;
        if (p.RefundOutstanding)
        {
            return byCard
                ? ($"{paid} Refund of {Money.Pounds(p.RefundDuePence - p.RefundedPence)} being sent to their card by Stripe.", null, [])
                : ($"{paid} Refund of {Money.Pounds(p.RefundDuePence - p.RefundedPence)} due.",
                   $"Refund {Money.Pounds(p.RefundDuePence - p.RefundedPence)} by bank transfer, then mark it refunded here.",
                   [new BookingPaymentAction(BookingPaymentModel.MarkRefunded, $"I've refunded {Money.Pounds(p.RefundDuePence - p.RefundedPence)}")]);
        }

        if (p.RefundedPence > 0)
        {
            return ($"{paid} Refunded {Money.Pounds(p.RefundedPence)}" + (p.RefundedUtc is { } back ? $" on {UkDateFormat.DayAndDate(back)}." : "."), null, []);
        }

        if (p.PaidPence > 0)
        {
            return (paid!, null, byCard || p.RefundDuePence > 0 ? [] : [new BookingPaymentAction(BookingPaymentModel.UndoPaid, "Mark as not paid (undo)", IsSecondary: true)]);
        }

        if (byCard)
        {
            return (booking.Status == BookingStatus.AwaitingPayment ? $"{Money.Pounds(p.AmountPence)} being paid by card (not finished yet)." : $"{Money.Pounds(p.AmountPence)} by card: not paid.", null, []);
        }

        return booking.Status == BookingStatus.Confirmed
            ? ($"{Money.Pounds(p.AmountPence)} to pay {how}: not paid yet.", null, [new BookingPaymentAction(BookingPaymentModel.MarkPaid, $"They've paid {Money.Pounds(p.AmountPence)}")])
            : ($"{Money.Pounds(p.AmountPence)} {how}: never paid, and the booking is cancelled.", null, []);
    }
}
