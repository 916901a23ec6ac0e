using System.Globalization;
using System.Text.Json;
using HappyBabyHive.Courses;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Outbox;

namespace HappyBabyHive.IntegrationTests.FreePlaces;

public static class TestFreePlaces
{
    /// <summary>A marker that must never leave the review page: it is in every note the tests write.</summary>
    public const string SecretNote = "PRIVATE-NOTE-7f3a: I have been struggling with postnatal depression";

    /// <summary>A valid request; the baby is ten weeks old at the course's first session.</summary>
    public static FreePlaceRequest For(Course course, string? email = null, string baby = "Ada", string? courseId = null) => new()
    {
        CourseId = courseId ?? course.Id,
        ParentName = "Jo Bloggs",
        Email = email ?? $"family-{Guid.NewGuid():N}@example.co.uk",
        Phone = "07700 900456",
        BabyFirstName = baby,
        BabyDateOfBirth = course.FirstSessionUkDate.AddDays(-70).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ReferralSource = nameof(ReferralSource.MindHullAndEastYorkshire),
        Note = SecretNote,
        ConsentToStore = true,
    };

    public static async Task<string> SubmitAsync(AppServices app, FreePlaceRequest request)
    {
        var outcome = await app.Get<IFreePlaceRequestService>().SubmitAsync(request, null, CancellationToken.None);
        return Assert.IsType<FreePlaceRequestOutcome.Created>(outcome).Receipt.RequestId;
    }

    /// <summary>Sends every email currently on the queue through the real outbox processor (the queue trigger's job).</summary>
    public static async Task<int> DeliverQueuedEmailsAsync(AppServices app)
    {
        var sent = 0;
        while (true)
        {
            var received = (await app.EmailQueue.ReceiveMessageAsync(TimeSpan.FromSeconds(30))).Value;
            if (received is null)
            {
                return sent;
            }

            var message = JsonSerializer.Deserialize<OutboxMessage>(received.Body, OutboxMessage.Json)!;
            if (await app.Get<IOutboxProcessor>().ProcessAsync(message, received.DequeueCount, CancellationToken.None) == OutboxResult.Sent)
            {
                sent++;
            }

            await app.EmailQueue.DeleteMessageAsync(received.MessageId, received.PopReceipt);
        }
    }
}
