using HappyBabyHive.Configuration;
using HappyBabyHive.Courses;
using HappyBabyHive.Email;
using HappyBabyHive.Outbox;
using HappyBabyHive.Pages.Emails;
using HappyBabyHive.Settings;
using HappyBabyHive.Text;
using HappyBabyHive.Time;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Courses.Emails;

/// <summary>
/// The confirmation and waitlist emails a parent gets after booking, and the confirmation a waiting family gets when
/// the owner adds places and they are moved off the waitlist.
/// </summary>
public sealed class BookingEmailComposer(
    IBookingEmailSubjects subjects,
    IOptions<BusinessOptions> business,
    IBusinessSettingsStore settings,
    BookingLinks links,
    EmailRenderer renderer,
    TimeProvider time) : IOutboxEmailComposer
{
    public bool CanCompose(string templateName) =>
        templateName is EmailTemplates.BookingConfirmed or EmailTemplates.BookingWaitlisted or EmailTemplates.WaitlistPromoted;

    public async Task<EmailMessage?> ComposeAsync(OwedEmail owed, CancellationToken cancellationToken)
    {
        if (await subjects.LoadAsync(owed.PartitionKey, owed.SubjectRowKey, cancellationToken) is not { } subject)
        {
            return null;
        }

        // A course cancelled before this email went out: the family gets the cancellation email instead, and a
        // "you're booked" arriving after it would only confuse.
        var (booking, course, _) = subject;
        if (course.Status == CourseStatus.Cancelled)
        {
            return null;
        }

        var id = owed.Id;
        return owed.Template switch
        {
            EmailTemplates.BookingWaitlisted => await WaitlistedAsync(booking, course, id),
            EmailTemplates.WaitlistPromoted => await ConfirmedAsync(booking, course, id, await settings.GetAsync(cancellationToken), fromWaitlist: true),
            _ => await ConfirmedAsync(booking, course, id, await settings.GetAsync(cancellationToken)),
        };
    }

    internal Task<EmailMessage> ConfirmedAsync(BookedFamily booking, Course course, Guid id, BusinessSettings owner, bool fromWaitlist = false) =>
        ConfirmedAsync(booking, course, id, owner.DonationPercent, fromWaitlist, owner.PaymentDetails);

    /// <param name="donationPercent">The share of the fee given to the charity (the owner's setting); null or 0 leaves it unsaid.</param>
    /// <param name="fromWaitlist">The family was waiting and a place opened up for them.</param>
    /// <param name="payTo">The owner's bank details and instructions, for a family paying by bank transfer or cash.</param>
    internal async Task<EmailMessage> ConfirmedAsync(
        BookedFamily booking, Course course, Guid id, decimal? donationPercent = null, bool fromWaitlist = false, PaymentDetails? payTo = null)
    {
        var b = business.Value;
        var where = string.IsNullOrWhiteSpace(course.VenueAddress) ? course.Venue : $"{course.Venue}, {course.VenueAddress}";
        var email = await renderer.RenderAsync(new EmailContent(b.Name, fromWaitlist ? "A place has opened up for you!" : "You're booked!",
        [
            new EmailParagraph($"Hello {booking.ParentName},"),
            new EmailParagraph(fromWaitlist
                ? $"Good news: a place has opened up on {course.Title}, and it's yours. {booking.BabyFirstName} is booked in, and we can't wait to meet you both."
                : $"Thank you for booking {booking.BabyFirstName} onto {course.Title}. We can't wait to meet you both."),
            new EmailHighlight($"Your booking reference: {booking.Reference}"),
            new EmailHeading("When"),
            new EmailList([.. course.Sessions.Select(s => UkDateFormat.SessionLine(s.StartsUtc, s.EndsUtc))]),
            new EmailSection("Where", where),
            .. MoneyBlocks(booking, course, donationPercent, payTo ?? PaymentDetails.None),
            new EmailHeading("What to bring"),
            new EmailList(WhatToBring(course.Kind)),
            new EmailParagraph("Please don't worry if your baby cries, feeds or sleeps through a session. That is all part of it, and you are very welcome just as you are."),
            new EmailSection(
                "Need to cancel or change something?",
                fromWaitlist
                    ? "If you can no longer come, please cancel from your booking page, so we can offer the place to the next family. The page also shows every date and the venue, and lets you update your phone number or email."
                    : "Your booking page shows every date and the venue, and lets you update your phone number or email, or cancel if you can no longer come."),
            new EmailButton("Manage my booking", links.ManageUrl(course, booking.Reference)),
            new EmailParagraph($"Or if you have a question, just reply to this email, quoting {booking.Reference}. It comes straight to {b.Name}."),
            new EmailParagraph("We've attached the dates as a calendar file, so you can add them to your phone."),
        ], Footer(b)));

        return new EmailMessage
        {
            To = new EmailRecipient(booking.Email, booking.ParentName),
            Subject = fromWaitlist
                ? $"A place has opened up for you: {course.Title} from {UkDateFormat.DayAndDate(course.FirstSessionStartsUtc)}"
                : $"You're booked: {course.Title} from {UkDateFormat.DayAndDate(course.FirstSessionStartsUtc)}",
            HtmlBody = email.Html,
            TextBody = email.Text,
            IdempotencyKey = id,
            Attachments = [CourseCalendar.Attachment(course, booking.Reference, b.Name, time.GetUtcNow())],
        };
    }

    internal async Task<EmailMessage> WaitlistedAsync(BookedFamily booking, Course course, Guid id)
    {
        var b = business.Value;
        var schedule = UkDateFormat.ScheduleSummary(course.Sessions.Select(s => (s.StartsUtc, s.EndsUtc)).ToList());
        var email = await renderer.RenderAsync(new EmailContent(b.Name, "You're on the waitlist",
        [
            new EmailParagraph($"Hello {booking.ParentName},"),
            new EmailParagraph($"Thank you for wanting to bring {booking.BabyFirstName} to {course.Title} ({schedule}). The course is full at the moment, so we've put you on the waitlist."),
            new EmailHighlight($"You are number {booking.WaitlistPosition} on the waitlist. Your reference: {booking.Reference}"),
            new EmailParagraph("There's nothing you need to do now. If a place opens up we'll email you straight away and hold it for you for a while, and places often do."),
            new EmailParagraph("Your booking page shows where you are on the waitlist, and lets you update your phone number or email, or leave the waitlist if your plans change."),
            new EmailButton("Manage my booking", links.ManageUrl(course, booking.Reference)),
            new EmailParagraph($"If you'd like help finding another course, just reply to this email and quote {booking.Reference}."),
        ], Footer(b)));

        return new EmailMessage
        {
            To = new EmailRecipient(booking.Email, booking.ParentName),
            Subject = $"You're on the waitlist: {course.Title}",
            HtmlBody = email.Html,
            TextBody = email.Text,
            IdempotencyKey = id,
        };
    }

    /// <summary>
    /// The money paragraph: nothing for a free place; "paid, thank you" once paid (card or marked by the owner); how to
    /// pay for a place to be paid by bank transfer or cash; the price alone for a place booked before payments existed.
    /// </summary>
    internal IReadOnlyList<EmailBlock> MoneyBlocks(BookedFamily booking, Course course, decimal? donationPercent, PaymentDetails payTo)
    {
        if (booking.IsFreePlace)
        {
            return [new EmailParagraph("This is one of our free places.")];
        }

        var charity = donationPercent is > 0
            ? $" {donationPercent.Value.ToString("0.#", UkDateFormat.Culture)}% of your course fee goes to {business.Value.CharityName}."
            : string.Empty;
        switch (booking.Payment)
        {
            case { PaidPence: > 0 } paid:
                return [new EmailParagraph($"You've paid {Money.Pounds(paid.PaidPence)}, thank you.{charity}")];
            case { Method: PaymentMethod.AnotherWay, AmountPence: > 0 } due:
                List<EmailBlock> blocks =
                [
                    new EmailHeading("How to pay"),
                    new EmailParagraph($"The course costs {Money.Pounds(due.AmountPence)}. You can pay by bank transfer or in cash, whichever suits you.{charity}"),
                ];
                if (payTo.HasBankAccount)
                {
                    List<string> lines = [];
                    if (payTo.AccountName is { } name)
                    {
                        lines.Add($"Account name: {name}");
                    }

                    if (payTo.BankName is { } bank)
                    {
                        lines.Add($"Bank: {bank}");
                    }

                    lines.Add($"Sort code: {payTo.SortCode}");
                    lines.Add($"Account number: {payTo.AccountNumber}");
                    lines.Add($"Reference: {PaymentReference(payTo, booking.Reference)}");
                    blocks.Add(new EmailList(lines));
                    blocks.Add(new EmailParagraph("Please use that reference, so we can match your payment to your booking."));
                }

                blocks.Add(new EmailParagraph(payTo.Instructions
                    ?? (payTo.HasBankAccount ? "We'll email you when your payment arrives." : $"We'll be in touch about how to pay. If you have a question, reply to this email quoting {booking.Reference}.")));
                return blocks;
            default:
                return [new EmailParagraph(Price(course, donationPercent))];
        }
    }

    /// <summary>What the family types as the payment reference: the owner's prefix (if any) and the booking reference.</summary>
    internal static string PaymentReference(PaymentDetails payTo, string bookingReference) =>
        payTo.ReferenceToQuote is { } prefix ? $"{prefix} {bookingReference}" : bookingReference;

    private string Price(Course course, decimal? donationPercent)
    {
        var price = $"The course costs {Money.Pounds(course.PricePence)}.";
        return course.PricePence > 0 && donationPercent is > 0
            ? $"{price} {donationPercent.Value.ToString("0.#", UkDateFormat.Culture)}% of your course fee goes to {business.Value.CharityName}."
            : price;
    }

    private static IReadOnlyList<string> WhatToBring(CourseKind kind) => CourseAdvice.WhatToBring(kind);

    private static string Footer(BusinessOptions b) =>
        $"{b.Name} runs baby massage and baby yoga in {b.Area}. Every course supports the wellbeing of babies and their grown-ups, and part of every booking goes to {b.CharityName}. " +
        "Please don't come to a session within 48 hours of your baby's immunisations, or if your baby is unwell.";
}
