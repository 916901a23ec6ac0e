using System.Text.Json;
using FluentValidation;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Admission;
using HappyBabyHive.Links;
using HappyBabyHive.Outbox;
using HappyBabyHive.Validation;
using Microsoft.Extensions.Logging;

namespace HappyBabyHive.FreePlaces;

public interface IFreePlaceRequestService
{
    Task<FreePlaceRequestOutcome> SubmitAsync(FreePlaceRequest request, string? idempotencyKey, CancellationToken cancellationToken);
}

/// <summary>
/// Stores a family's request and the two emails it owes (a "we've received it" to the family, a "new request" to the
/// owner) in one transaction in the request's own partition, so a stored request always has its emails and a failed
/// request stores nothing.
/// </summary>
public sealed partial class FreePlaceRequestService(
    IFreePlaceRequestStore requests,
    ICourseStore courses,
    IEmailEnqueuer emailQueue,
    IValidator<FreePlaceRequest> validator,
    PersonalDataHasher hasher,
    TimeProvider time,
    ILogger<FreePlaceRequestService> logger) : IFreePlaceRequestService
{
    public async Task<FreePlaceRequestOutcome> SubmitAsync(FreePlaceRequest request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        switch (await FormScreening.ScreenAsync(request, validator, logger, cancellationToken))
        {
            case FormRefusal.Bot:
                return new FreePlaceRequestOutcome.Ignored();
            case FormRefusal.Invalid invalid:
                return new FreePlaceRequestOutcome.Invalid(invalid.Errors);
        }

        var normalised = Normalise(request);
        Course? course = null;
        if (normalised.CourseId is { } courseId)
        {
            course = await courses.FindAsync(courseId, cancellationToken);
            if (course is null)
            {
                return new FreePlaceRequestOutcome.CourseNotFound(courseId);
            }

            switch (CourseAdmission.Check(course, normalised.BabyDateOfBirth, time.GetUtcNow(), AdmissionAudience.Family))
            {
                case AdmissionRefusal.NotBookable notBookable:
                    return new FreePlaceRequestOutcome.CourseNotBookable(notBookable.Message);
                case AdmissionRefusal.WrongAge wrongAge:
                    return new FreePlaceRequestOutcome.Invalid(new Dictionary<string, string[]> { ["babyDateOfBirth"] = [wrongAge.Message] });
            }
        }

        var key = string.IsNullOrWhiteSpace(idempotencyKey) ? null : idempotencyKey.Trim();
        var requestHash = key is null ? null : hasher.Hash(RequestHashPurpose, JsonSerializer.SerializeToUtf8Bytes(normalised));
        var requestId = key is null ? FreePlaceRequestIds.New() : FreePlaceRequestIds.ForIdempotencyKey(key);
        if (key is not null && await FindEarlierAsync(requestId, requestHash, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        var now = time.GetUtcNow();
        var stored = new FreePlaceRequestRecord
        {
            Id = requestId,
            ParentName = normalised.ParentName,
            Email = normalised.Email,
            Phone = normalised.Phone,
            BabyFirstName = normalised.BabyFirstName,
            BabyDateOfBirth = normalised.BabyDateOfBirth,
            PreferredCourseId = normalised.CourseId,
            ReferralSource = normalised.ReferralSource,
            Note = normalised.Note,
            ConsentToStoreUtc = now,
            CreatedUtc = now,
            RequestHash = requestHash,
        };
        var emails = await requests.TryAddAsync(stored, [EmailTemplates.FreePlaceReceived, EmailTemplates.FreePlaceOwnerNotification], cancellationToken);
        if (emails is null)
        {
            // The same key arrived twice at once and the other copy stored first: answer as it did. (A random id that
            // is already taken, 1 in 2^50, is not worth a retry loop.)
            return (key is null ? null : await FindEarlierAsync(requestId, requestHash, cancellationToken))
                ?? throw new InvalidOperationException("A request that conflicted on insert could not be read back.");
        }

        LogReceived(logger, requestId, normalised.CourseId ?? FreePlaceRequestValidator.AnyCourse);
        foreach (var email in emails)
        {
            await emailQueue.EnqueueOrLeaveToSweepAsync(email, logger, cancellationToken);
        }

        return new FreePlaceRequestOutcome.Created(new FreePlaceReceipt(requestId, course?.Id, course?.Title));
    }

    private async Task<FreePlaceRequestOutcome?> FindEarlierAsync(string requestId, string? requestHash, CancellationToken cancellationToken)
    {
        var existing = await requests.FindAsync(requestId, cancellationToken);
        if (existing is null)
        {
            return null;
        }

        if (existing.RequestHash != requestHash)
        {
            return new FreePlaceRequestOutcome.IdempotencyKeyReused();
        }

        var course = existing.PreferredCourseId is { } courseId ? await courses.FindAsync(courseId, cancellationToken) : null;
        return new FreePlaceRequestOutcome.Replayed(new FreePlaceReceipt(requestId, existing.PreferredCourseId, course?.Title));
    }

    /// <summary>
    /// The fingerprint of a request sent with an Idempotency-Key is a keyed hash: it covers the address and the note,
    /// and a plain SHA-256 of them could be tested by anyone able to guess them.
    /// </summary>
    public const string RequestHashPurpose = "free-place-request";


    private static NormalisedRequest Normalise(FreePlaceRequest request)
    {
        if (!Validation.FieldRules.TryParseDate(request.BabyDateOfBirth, out var dateOfBirth) || !ReferralSources.TryParse(request.ReferralSource, out var referral))
        {
            throw new InvalidOperationException("Normalise runs only after validation has accepted the request.");
        }

        var courseId = request.CourseId!.Trim();
        return new NormalisedRequest(
            courseId == FreePlaceRequestValidator.AnyCourse ? null : courseId,
            request.ParentName!.Trim(),
            request.Email!.Trim(),
            string.IsNullOrWhiteSpace(request.Phone) ? null : request.Phone.Trim(),
            request.BabyFirstName!.Trim(),
            dateOfBirth,
            referral,
            FreeTextRules.Normalise(request.Note));
    }

    private sealed record NormalisedRequest(
        string? CourseId, string ParentName, string Email, string? Phone, string BabyFirstName, DateOnly BabyDateOfBirth, ReferralSource ReferralSource, string? Note);

    [LoggerMessage(Level = LogLevel.Information, Message = "Free-place request {RequestId} received for course {CourseId}")]
    private static partial void LogReceived(ILogger logger, string requestId, string courseId);
}
