using HappyBabyHive.Configuration;
using HappyBabyHive.Courses;
using HappyBabyHive.Email;
using HappyBabyHive.Outbox;
using HappyBabyHive.Pages.Emails;
using HappyBabyHive.Settings;
using HappyBabyHive.Time;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.FreePlaces;

/// <summary>
/// The emails about a free-place request: "we've received it" to the family, "new request" to the owner, and a
/// gentle decline. None of them ever contains the family's note: it is special-category data and email is not the
/// place for it. The owner reads it on the review page. (An approval sends the normal booking confirmation.)
/// </summary>
public sealed class FreePlaceEmailComposer(
    IFreePlaceRequestStore requests,
    ICourseStore courses,
    IOptions<BusinessOptions> business,
    IOptions<FreePlaceOptions> options,
    FreePlaceReviewLinks links,
    IBusinessSettingsStore settings,
    EmailRenderer renderer,
    TimeProvider time) : IOutboxEmailComposer
{
    public bool CanCompose(string templateName) =>
        templateName is EmailTemplates.FreePlaceReceived or EmailTemplates.FreePlaceOwnerNotification or EmailTemplates.FreePlaceDeclined;

    public async Task<EmailMessage?> ComposeAsync(OwedEmail owed, CancellationToken cancellationToken)
    {
        // The outbox row lives in the request's partition and is always about the request row itself.
        if (await requests.FindAsync(owed.PartitionKey, cancellationToken) is not { } request)
        {
            return null;
        }

        var course = request.PreferredCourseId is { } courseId ? await courses.FindAsync(courseId, cancellationToken) : null;
        var id = owed.Id;
        return owed.Template switch
        {
            EmailTemplates.FreePlaceReceived => await ReceivedAsync(request, course, id),
            EmailTemplates.FreePlaceOwnerNotification => await OwnerNotificationAsync(request, course, id),
            _ => await DeclinedAsync(request, id, (await settings.GetAsync(cancellationToken)).DeclineSignposting),
        };
    }

    internal async Task<EmailMessage> ReceivedAsync(FreePlaceRequestRecord request, Course? course, Guid id)
    {
        var b = business.Value;
        var what = course is null ? "a suitable upcoming course" : $"{course.Title} ({Schedule(course)})";
        var email = await renderer.RenderAsync(new EmailContent(b.Name, "We've received your request",
        [
            new EmailParagraph($"Hello {request.ParentName},"),
            new EmailParagraph($"Thank you for asking about a free place for {request.BabyFirstName} on {what}. It can take a lot to ask, and we're really glad you did."),
            new EmailHighlight($"Your reference: {request.Id}"),
            new EmailParagraph($"{b.Name} reads every request personally, and we'll email you {options.Value.ReplyWithin} to let you know. There's nothing else you need to do."),
            new EmailParagraph($"What you've told us stays private. We only use it to consider your request, and we delete any note you wrote {options.Value.NoteRetentionDays} days after we've decided."),
            new EmailParagraph($"If anything changes, or you have a question, just reply to this email and quote {request.Id}."),
        ], Footer(b)));

        return new EmailMessage
        {
            To = new EmailRecipient(request.Email, request.ParentName),
            Subject = "We've received your request for a free place",
            HtmlBody = email.Html,
            TextBody = email.Text,
            IdempotencyKey = id,
        };
    }

    internal async Task<EmailMessage> OwnerNotificationAsync(FreePlaceRequestRecord request, Course? course, Guid id)
    {
        var b = business.Value;
        var lifetimeDays = (int)Math.Round(options.Value.ReviewLinkLifetime.TotalDays);
        var what = course is null ? "Any suitable upcoming course" : $"{course.Title} ({Schedule(course)})";
        var ageWeeks = (UkTime.Today(time).DayNumber - request.BabyDateOfBirth.DayNumber) / 7;
        var email = await renderer.RenderAsync(new EmailContent(b.Name, "New free place request",
        [
            new EmailParagraph("A family has asked for a free place."),
            new EmailList([
                $"From: {request.ParentName}",
                $"Baby: {request.BabyFirstName}, {ageWeeks} weeks old",
                $"Course: {what}",
                $"Heard about us through: {ReferralSources.Describe(request.ReferralSource)}",
                $"Reference: {request.Id}",
            ]),
            new EmailParagraph(request.HasNote
                ? "They've written a note for you. For their privacy it isn't in this email: you'll see it on the review page."
                : "They didn't add a note."),
            new EmailButton("Review the request", links.Url(request.Id)),
            new EmailParagraph($"The page lets you approve (choosing the course) or decline. Opening it changes nothing; only the buttons on the page do. The link works for {lifetimeDays} days; please don't forward this email."),
        ], "Sent by your booking system."));

        return new EmailMessage
        {
            To = new EmailRecipient(b.OwnerEmail, b.Name),
            Subject = $"Free place request from {request.ParentName}",
            HtmlBody = email.Html,
            TextBody = email.Text,
            IdempotencyKey = id,
        };
    }

    /// <param name="signposting">Where to find support: the owner's saved text (see IBusinessSettingsStore), else the configured default.</param>
    internal async Task<EmailMessage> DeclinedAsync(FreePlaceRequestRecord request, Guid id, string? signposting = null)
    {
        var b = business.Value;
        var email = await renderer.RenderAsync(new EmailContent(b.Name, "About your free place request",
        [
            new EmailParagraph($"Hello {request.ParentName},"),
            new EmailParagraph($"Thank you so much for asking about a free place for {request.BabyFirstName}. We're very sorry, but we aren't able to offer one this time."),
            .. (request.DeclineMessage ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line => new EmailParagraph(line)),
            new EmailParagraph("This isn't a judgement about you or your family. Free places are limited, and we'd love to hear from you again when new courses open."),
            new EmailParagraph(signposting ?? options.Value.DeclineSignposting),
            new EmailParagraph($"If you have a question, just reply to this email and quote {request.Id}."),
        ], Footer(b)));

        return new EmailMessage
        {
            To = new EmailRecipient(request.Email, request.ParentName),
            Subject = "About your request for a free place",
            HtmlBody = email.Html,
            TextBody = email.Text,
            IdempotencyKey = id,
        };
    }

    private static string Schedule(Course course) =>
        UkDateFormat.ScheduleSummary(course.Sessions.Select(s => (s.StartsUtc, s.EndsUtc)).ToList());

    private static string Footer(BusinessOptions b) =>
        $"{b.Name} runs baby massage and baby yoga in {b.Area}, and gives free places to families who need them most, working with {b.CharityName}.";
}
