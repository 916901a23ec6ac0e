using FluentValidation;
using HappyBabyHive.Concurrency;
using HappyBabyHive.Courses;
using HappyBabyHive.Outbox;
using HappyBabyHive.Courses.Partition;
using HappyBabyHive.Validation;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Registry;

namespace HappyBabyHive.Bookings.Manage;

/// <summary>What the family's manage page reads and the contact changes it makes (cancelling and moving have their own services).</summary>
public interface IManageBookingService
{
    /// <summary>The booking and its course, or null when either no longer exists. Reads only.</summary>
    Task<ManagedBooking?> LoadAsync(BookingKey booking, CancellationToken cancellationToken);

    /// <summary>A new phone number applies at once; a new email address waits for the link sent to it.</summary>
    Task<ContactOutcome> UpdateContactAsync(BookingKey booking, ContactChange change, CancellationToken cancellationToken);

    /// <summary>The family clicked the link sent to their new address: it becomes the booking's email, if still the latest change.</summary>
    Task<EmailConfirmOutcome> ConfirmEmailAsync(BookingKey booking, int change, CancellationToken cancellationToken);
}

/// <summary>
/// Contact changes are one read of the course partition and one transaction guarded by the course row's ETag, like
/// every booking change, so they never overwrite a cancel or a claim that landed a moment before. A new email address
/// is kept on the booking as pending and owes a confirmation email (outbox) in the same transaction.
/// </summary>
public sealed partial class ManageBookingService(
    ICoursePartitionStore partitions,
    IEmailEnqueuer emailQueue,
    TimeProvider time,
    ResiliencePipelineProvider<string> pipelines,
    ILogger<ManageBookingService> logger) : IManageBookingService
{
    private static readonly ContactChangeValidator Validator = new();
    private readonly ResiliencePipeline contention = pipelines.Get();

    public async Task<ManagedBooking?> LoadAsync(BookingKey booking, CancellationToken cancellationToken)
    {
        var snapshot = await partitions.LoadAsync(booking.CourseId, cancellationToken);
        return snapshot is not null && await partitions.LoadBookingAsync(snapshot, booking.Reference, cancellationToken) is { } found
            ? new ManagedBooking(found, snapshot.Course)
            : null;
    }

    public async Task<ContactOutcome> UpdateContactAsync(BookingKey booking, ContactChange change, CancellationToken cancellationToken)
    {
        var validation = Validator.Validate(change);
        if (!validation.IsValid)
        {
            return new ContactOutcome.Invalid(validation.ToFieldErrors());
        }

        try
        {
            var (outcome, emails) = await contention.ExecuteAsync(async token => await TryUpdateContactAsync(booking, change, token), cancellationToken);
            await emailQueue.EnqueueAllOrLeaveToSweepAsync(emails, logger);
            if (outcome is ContactOutcome.Updated updated)
            {
                LogContactUpdated(logger, booking.CourseId, booking.Reference, updated.PhoneChanged, updated.ConfirmationSent);
            }

            return outcome;
        }
        catch (ConcurrencyConflictException)
        {
            LogGaveUp(logger, booking.CourseId);
            return new ContactOutcome.Busy();
        }
    }

    public async Task<EmailConfirmOutcome> ConfirmEmailAsync(BookingKey booking, int change, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await contention.ExecuteAsync(async token => await TryConfirmEmailAsync(booking, change, token), cancellationToken);
            if (outcome is EmailConfirmOutcome.Confirmed)
            {
                LogEmailConfirmed(logger, booking.CourseId, booking.Reference);
            }

            return outcome;
        }
        catch (ConcurrencyConflictException)
        {
            LogGaveUp(logger, booking.CourseId);
            return new EmailConfirmOutcome.Busy();
        }
    }

    private async Task<(ContactOutcome Outcome, IReadOnlyList<OutboxMessage> Emails)> TryUpdateContactAsync(BookingKey key, ContactChange change, CancellationToken cancellationToken)
    {
        var snapshot = await partitions.LoadAsync(key.CourseId, cancellationToken);
        if (snapshot is null || await partitions.LoadBookingAsync(snapshot, key.Reference, cancellationToken) is not { } booking)
        {
            return (new ContactOutcome.NotFound(), []);
        }

        var now = time.GetUtcNow();
        var managed = new ManagedBooking(booking, snapshot.Course);
        if (booking.Status == BookingStatus.Cancelled || snapshot.Course.Status == CourseStatus.Cancelled || now >= snapshot.Course.LastSessionEndsUtc)
        {
            return (new ContactOutcome.Closed(managed), []);
        }

        var phone = string.IsNullOrWhiteSpace(change.Phone) ? null : change.Phone.Trim();
        var email = change.Email!.Trim();
        var phoneChanged = !string.Equals(phone, booking.Phone, StringComparison.Ordinal);
        var emailChanged = !string.Equals(email, booking.Email, StringComparison.OrdinalIgnoreCase) &&
            !string.Equals(email, booking.PendingEmail, StringComparison.OrdinalIgnoreCase);
        if (emailChanged && booking.EmailChangeRequests >= BookingEmailChange.MaxChanges)
        {
            return (new ContactOutcome.TooManyEmailChanges(managed), []);
        }

        // Typing the current address back cancels a pending change; the same pending address again sends nothing new.
        var backToCurrent = booking.PendingEmail is not null && string.Equals(email, booking.Email, StringComparison.OrdinalIgnoreCase);
        if (!phoneChanged && !emailChanged && !backToCurrent)
        {
            return (new ContactOutcome.Updated(managed, PhoneChanged: false, ConfirmationSent: false), []);
        }

        var changes = snapshot.Change(now);
        var updated = changes.UpdateBooking(key.Reference, b => b with
        {
            Phone = phone,
            PendingEmail = emailChanged ? email : backToCurrent ? null : b.PendingEmail,
            // Withdrawing counts as a change too, so the withdrawn change's link reads as out of date, not as confirmed.
            EmailChangeRequests = emailChanged || backToCurrent ? b.EmailChangeRequests + 1 : b.EmailChangeRequests,
        });
        if (emailChanged)
        {
            changes.OweEmail(key.Reference, BookingEmailChange.Template(updated.EmailChangeRequests));
        }

        var emails = await partitions.CommitOrRetryAsync(changes, cancellationToken);
        return (new ContactOutcome.Updated(new ManagedBooking(updated, changes.Course), phoneChanged, emailChanged), emails);
    }

    private async Task<EmailConfirmOutcome> TryConfirmEmailAsync(BookingKey key, int change, CancellationToken cancellationToken)
    {
        var snapshot = await partitions.LoadAsync(key.CourseId, cancellationToken);
        if (snapshot is null || await partitions.LoadBookingAsync(snapshot, key.Reference, cancellationToken) is not { } booking)
        {
            return new EmailConfirmOutcome.NotFound();
        }

        var managed = new ManagedBooking(booking, snapshot.Course);
        if (booking.EmailChangeRequests == change && booking.PendingEmail is null)
        {
            return new EmailConfirmOutcome.AlreadyConfirmed(managed);
        }

        if (booking.EmailChangeRequests != change || booking.Status == BookingStatus.Cancelled)
        {
            return new EmailConfirmOutcome.OutOfDate(managed);
        }

        var changes = snapshot.Change(time.GetUtcNow());
        var updated = changes.UpdateBooking(key.Reference, b => b with { Email = b.PendingEmail!, PendingEmail = null });
        await partitions.CommitOrRetryAsync(changes, cancellationToken);
        return new EmailConfirmOutcome.Confirmed(new ManagedBooking(updated, changes.Course));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Contact details of booking {Reference} on course {CourseId} updated (phone changed: {PhoneChanged}; new email awaiting confirmation: {ConfirmationSent})")]
    private static partial void LogContactUpdated(ILogger logger, string courseId, string reference, bool phoneChanged, bool confirmationSent);

    [LoggerMessage(Level = LogLevel.Information, Message = "New email address of booking {Reference} on course {CourseId} confirmed")]
    private static partial void LogEmailConfirmed(ILogger logger, string courseId, string reference);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up changing contact details on course {CourseId} after repeated conflicts")]
    private static partial void LogGaveUp(ILogger logger, string courseId);
}

/// <summary>The booking form's own rules for a phone number and an email address.</summary>
internal sealed class ContactChangeValidator : AbstractValidator<ContactChange>
{
    public ContactChangeValidator()
    {
        RuleFor(c => c.Email).EmailAddress();
        RuleFor(c => c.Phone).OptionalPhone();
    }
}
