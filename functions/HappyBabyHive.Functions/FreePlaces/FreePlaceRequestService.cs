using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using FluentValidation;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Admission;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage;
using HappyBabyHive.Storage.Courses;
using HappyBabyHive.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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
    TableServiceClient tables,
    ICourseStore courses,
    IEmailEnqueuer emailQueue,
    IValidator<FreePlaceRequest> validator,
    IOptions<StorageOptions> storage,
    TimeProvider time,
    ILogger<FreePlaceRequestService> logger) : IFreePlaceRequestService
{
    private TableClient Requests => tables.GetTableClient(storage.Value.FreePlaceRequestsTable);

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
        var requestHash = key is null ? null : RowKeys.Hash(JsonSerializer.Serialize(normalised));
        var requestId = key is null ? FreePlaceKeys.NewRequestId() : FreePlaceKeys.RequestIdFor(key);
        if (key is not null && await FindEarlierAsync(requestId, requestHash, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        var now = time.GetUtcNow();
        var entity = new FreePlaceRequestEntity
        {
            PartitionKey = requestId,
            ParentName = normalised.ParentName,
            Email = normalised.Email,
            Phone = normalised.Phone,
            BabyFirstName = normalised.BabyFirstName,
            BabyDateOfBirth = normalised.BabyDateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            PreferredCourseId = normalised.CourseId,
            ReferralSource = normalised.ReferralSource.ToString(),
            Note = normalised.Note,
            HasNote = normalised.Note is not null,
            ConsentToStoreUtc = now,
            CreatedUtc = now,
            RequestHash = requestHash,
        };
        var outbox = new[] { EmailTemplates.FreePlaceReceived, EmailTemplates.FreePlaceOwnerNotification }
            .Select(template => OutboxEntity.Create(requestId, RowKeys.Outbox(requestId, template), template, FreePlaceKeys.RequestRow, now, CourseChangeSet.OutboxGracePeriod))
            .ToList();

        try
        {
            var transaction = new TableTransactionBuilder<string>().Add("request", entity);
            foreach (var row in outbox)
            {
                transaction.Add(row.Template, row);
            }

            await transaction.SubmitAsync(Requests, cancellationToken);
        }
        catch (TableTransactionRejectedException<string> e) when (e.IsAlreadyExists && e.FailedName == "request" && key is not null)
        {
            // The same key arrived twice at once and the other copy stored first: answer as it did.
            return await FindEarlierAsync(requestId, requestHash, cancellationToken)
                ?? throw new InvalidOperationException("A request that conflicted on insert could not be read back.", e);
        }

        LogReceived(logger, requestId, normalised.CourseId ?? FreePlaceRequestValidator.AnyCourse);
        foreach (var row in outbox)
        {
            await emailQueue.EnqueueOrLeaveToSweepAsync(new OutboxMessage(TableNames.FreePlaceRequests, row.PartitionKey, row.RowKey), logger, cancellationToken);
        }

        return new FreePlaceRequestOutcome.Created(new FreePlaceReceipt(requestId, course?.Id, course?.Title));
    }

    private async Task<FreePlaceRequestOutcome?> FindEarlierAsync(string requestId, string? requestHash, CancellationToken cancellationToken)
    {
        var existing = await Requests.GetEntityIfExistsAsync<FreePlaceRequestEntity>(requestId, FreePlaceKeys.RequestRow, cancellationToken: cancellationToken);
        if (!existing.HasValue)
        {
            return null;
        }

        if (existing.Value!.RequestHash != requestHash)
        {
            return new FreePlaceRequestOutcome.IdempotencyKeyReused();
        }

        var course = existing.Value.PreferredCourseId is { } courseId ? await courses.FindAsync(courseId, cancellationToken) : null;
        return new FreePlaceRequestOutcome.Replayed(new FreePlaceReceipt(requestId, existing.Value.PreferredCourseId, course?.Title));
    }


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
