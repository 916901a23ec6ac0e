using System.Text.Json;
using HappyBabyHive.Email.Acs;
using HappyBabyHive.Email.Tests.Fakes;
using HappyBabyHive.Email.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;

namespace HappyBabyHive.Email.Tests.Acs;

/// <summary>
/// The real sender, registered as the app registers it, against the fake ACS endpoint with a connection string
/// (HMAC signing). Each test builds its own container, so circuit-breaker and throttle state never leak between tests.
/// </summary>
public sealed class AcsHmacSendTests(FakeAcsServer acs) : IClassFixture<FakeAcsServer>
{
    private ServiceProvider Host(TimeProvider? time = null) =>
        AcsTestHost.Build(s => s["Acs:ConnectionString"] = acs.ConnectionString, time: time);

    private static IEmailSender Sender(ServiceProvider host) => host.GetRequiredService<IEmailSender>();

    [Fact]
    public async Task Accepted_at_once_sends_one_signed_request_with_the_documented_body()
    {
        using var host = Host();
        var email = TestEmails.Booking();

        await Sender(host).SendAsync(email, CancellationToken.None);

        var request = Assert.Single(acs.RequestsFor(email.IdempotencyKey));
        Assert.Equal("HMAC", request.AuthScheme);
        Assert.Null(request.AuthProblem);
        Assert.Null(request.RequestProblem);
        Assert.Equal(1, acs.AcceptedCount(email.IdempotencyKey));
        Assert.True(Guid.TryParse(request.ClientRequestId, out _));

        var body = request.Body!.Value;
        Assert.Equal(AcsTestHost.SenderAddress, body.GetProperty("senderAddress").GetString());
        var to = Assert.Single(body.GetProperty("recipients").GetProperty("to").EnumerateArray());
        Assert.Equal(TestEmails.RecipientAddress, to.GetProperty("address").GetString());
        Assert.Equal("Sam Bcc: evil@example.com", to.GetProperty("displayName").GetString());
        Assert.False(body.GetProperty("recipients").TryGetProperty("bcc", out _));
        var content = body.GetProperty("content");
        Assert.Equal("You're booked Bcc: evil@example.com", content.GetProperty("subject").GetString());
        Assert.Equal(email.HtmlBody, content.GetProperty("html").GetString());
        Assert.Equal(email.TextBody, content.GetProperty("plainText").GetString());
        var replyTo = Assert.Single(body.GetProperty("replyTo").EnumerateArray());
        Assert.Equal(AcsTestHost.OwnerEmail, replyTo.GetProperty("address").GetString());
        var attachment = Assert.Single(body.GetProperty("attachments").EnumerateArray());
        Assert.Equal("baby-massage.ics", attachment.GetProperty("name").GetString());
        Assert.Equal("text/calendar", attachment.GetProperty("contentType").GetString());
        Assert.Equal(TestEmails.Ics, Convert.FromBase64String(attachment.GetProperty("contentInBase64").GetString()!));
        var headers = body.GetProperty("headers").EnumerateObject().ToDictionary(h => h.Name, h => h.Value.GetString());
        Assert.Equal("<https://www.happybabyhive.test/unsubscribe?t=abc> Bcc: evil@example.com", Assert.Single(headers).Value);
        Assert.Equal("List-Unsubscribe", Assert.Single(headers).Key);
        Assert.True(body.GetProperty("userEngagementTrackingDisabled").GetBoolean());
    }

    [Fact]
    public async Task A_500_is_retried_with_the_same_operation_id_and_a_fresh_signature()
    {
        using var host = Host(new SteppingTimeProvider());
        var email = TestEmails.Booking();
        acs.Script(email.IdempotencyKey, FakeReply.Error(500, "InternalError"), FakeReply.Accepted());

        await Sender(host).SendAsync(email, CancellationToken.None);

        var requests = acs.RequestsFor(email.IdempotencyKey);
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Null(r.AuthProblem));
        Assert.All(requests, r => Assert.Equal(email.IdempotencyKey.ToString("D"), r.OperationId));
        // Signed inside the retry loop: the second attempt carries its own date and signature.
        Assert.NotEqual(requests[0].Header("x-ms-date"), requests[1].Header("x-ms-date"));
        Assert.NotEqual(requests[0].Header("Authorization"), requests[1].Header("Authorization"));
        Assert.Equal(1, acs.AcceptedCount(email.IdempotencyKey));
    }

    [Fact]
    public async Task A_429_with_a_short_retry_after_is_waited_out_in_process()
    {
        using var host = Host();
        var email = TestEmails.Booking();
        acs.Script(email.IdempotencyKey, FakeReply.Throttled("2"), FakeReply.Accepted());

        await Sender(host).SendAsync(email, CancellationToken.None);

        var requests = acs.RequestsFor(email.IdempotencyKey);
        Assert.Equal([429, 202], requests.Select(r => r.AnsweredStatus));
        Assert.Single(requests.Select(r => r.OperationId).Distinct());
        Assert.Equal(1, acs.AcceptedCount(email.IdempotencyKey));
    }

    [Fact]
    public async Task A_429_with_a_long_retry_after_goes_back_to_the_queue_after_one_request()
    {
        using var host = Host();
        var sender = Sender(host);
        var email = TestEmails.Booking();
        acs.Script(email.IdempotencyKey, FakeReply.Throttled("3600"));

        var throttled = await Assert.ThrowsAsync<EmailThrottledException>(() => sender.SendAsync(email, CancellationToken.None));

        Assert.Equal(TimeSpan.FromHours(1), throttled.RetryAfter);
        Assert.Single(acs.RequestsFor(email.IdempotencyKey));
        Assert.Equal(0, acs.AcceptedCount(email.IdempotencyKey));

        // While that hour runs, the next email is deferred without spending quota on a request ACS would refuse.
        var next = TestEmails.Booking();
        var alsoThrottled = await Assert.ThrowsAsync<EmailThrottledException>(() => sender.SendAsync(next, CancellationToken.None));
        Assert.InRange(alsoThrottled.RetryAfter, TimeSpan.FromMinutes(50), TimeSpan.FromHours(1));
        Assert.Empty(acs.RequestsFor(next.IdempotencyKey));
    }

    [Fact]
    public async Task A_429_without_retry_after_is_not_retried_blind()
    {
        using var host = Host();
        var email = TestEmails.Booking();
        acs.Script(email.IdempotencyKey, FakeReply.Error(429, "TooManyRequests"));

        var throttled = await Assert.ThrowsAsync<EmailThrottledException>(() => Sender(host).SendAsync(email, CancellationToken.None));

        Assert.Equal(AcsThrottle.DefaultDelay, throttled.RetryAfter);
        Assert.Single(acs.RequestsFor(email.IdempotencyKey));
    }

    [Fact]
    public async Task An_attempt_that_hangs_past_the_attempt_timeout_is_abandoned_and_retried()
    {
        using var host = Host();
        var email = TestEmails.Booking();
        acs.Script(email.IdempotencyKey, FakeReply.HangThenAccept(TimeSpan.FromSeconds(2)), FakeReply.Accepted());

        await Sender(host).SendAsync(email, CancellationToken.None);

        var requests = acs.RequestsFor(email.IdempotencyKey);
        Assert.Equal(2, requests.Count);
        Assert.Single(requests.Select(r => r.OperationId).Distinct());
        Assert.Equal(1, acs.AcceptedCount(email.IdempotencyKey));
    }

    [Fact]
    public async Task A_400_fails_at_once_without_the_body_or_the_address_in_the_exception()
    {
        using var host = Host();
        var email = TestEmails.Booking();
        const string Body = """{"error":{"code":"InvalidRecipient","message":"Recipient sam@example.co.uk (Sam) is not a valid address."}}""";
        acs.Script(email.IdempotencyKey, FakeReply.Error(400, "InvalidRecipient", Body));

        var failed = await Assert.ThrowsAsync<AcsSendFailedException>(() => Sender(host).SendAsync(email, CancellationToken.None));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, failed.StatusCode);
        Assert.Equal("InvalidRecipient", failed.ErrorCode);
        Assert.False(failed.IsTransient);
        Assert.Contains("400", failed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sam@", failed.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("example.co.uk", failed.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("not a valid address", failed.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Null(failed.InnerException);
        Assert.Single(acs.RequestsFor(email.IdempotencyKey));
    }

    [Fact]
    public async Task A_401_is_not_retried()
    {
        using var host = Host();
        var email = TestEmails.Booking();
        acs.Script(email.IdempotencyKey, FakeReply.Error(401, "Denied"));

        var failed = await Assert.ThrowsAsync<AcsSendFailedException>(() => Sender(host).SendAsync(email, CancellationToken.None));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, failed.StatusCode);
        Assert.Single(acs.RequestsFor(email.IdempotencyKey));
    }

    [Fact]
    public async Task Persistent_5xx_fails_after_the_retries_and_a_redelivery_reuses_the_operation_id()
    {
        using var host = Host();
        var sender = Sender(host);
        var email = TestEmails.Booking();
        acs.Script(email.IdempotencyKey, [.. Enumerable.Repeat(FakeReply.Error(503, "ServiceUnavailable"), 4)]);

        var failed = await Assert.ThrowsAsync<AcsSendFailedException>(() => sender.SendAsync(email, CancellationToken.None));
        Assert.True(failed.IsTransient);
        Assert.Equal(4, acs.RequestsFor(email.IdempotencyKey).Count); // the first attempt and three retries

        // The queue delivers the same outbox message again: same IdempotencyKey, so the same Operation-Id.
        await sender.SendAsync(email, CancellationToken.None);

        var requests = acs.RequestsFor(email.IdempotencyKey);
        Assert.Equal(5, requests.Count);
        Assert.Single(requests.Select(r => r.OperationId).Distinct());
        Assert.Equal(1, acs.AcceptedCount(email.IdempotencyKey));
    }

    [Fact]
    public async Task The_circuit_opens_after_six_failed_attempts()
    {
        using var host = Host();
        var sender = Sender(host);
        var first = TestEmails.Booking();
        var second = TestEmails.Booking();
        acs.Script(first.IdempotencyKey, [.. Enumerable.Repeat(FakeReply.Error(500, "InternalError"), 4)]);
        acs.Script(second.IdempotencyKey, [.. Enumerable.Repeat(FakeReply.Error(500, "InternalError"), 4)]);

        await Assert.ThrowsAsync<AcsSendFailedException>(() => sender.SendAsync(first, CancellationToken.None));
        await Assert.ThrowsAsync<BrokenCircuitException>(() => sender.SendAsync(second, CancellationToken.None));

        Assert.Equal(4, acs.RequestsFor(first.IdempotencyKey).Count);
        Assert.Equal(2, acs.RequestsFor(second.IdempotencyKey).Count);
    }

    [Fact]
    public async Task Every_email_is_accepted_exactly_once_under_its_own_operation_id_whatever_the_retries()
    {
        using var host = Host();
        var sender = Sender(host);
        var emails = new[] { TestEmails.Booking(), TestEmails.Booking(), TestEmails.Booking() };
        acs.Script(emails[0].IdempotencyKey, FakeReply.Error(502, "BadGateway"), FakeReply.Accepted());
        acs.Script(emails[1].IdempotencyKey, FakeReply.HangThenAccept(TimeSpan.FromSeconds(2)), FakeReply.Accepted());
        acs.Script(emails[2].IdempotencyKey, FakeReply.Throttled("1"), FakeReply.Accepted());

        await Task.WhenAll(emails.Select(e => sender.SendAsync(e, CancellationToken.None)));

        foreach (var email in emails)
        {
            var requests = acs.RequestsFor(email.IdempotencyKey);
            Assert.Equal(2, requests.Count);
            Assert.All(requests, r => Assert.Null(r.AuthProblem));
            Assert.Equal(email.IdempotencyKey.ToString("D"), Assert.Single(requests.Select(r => r.OperationId).Distinct()));
            Assert.Equal(1, acs.AcceptedCount(email.IdempotencyKey));
        }

        Assert.Equal(3, emails.Select(e => e.IdempotencyKey).Distinct().Count());
    }
}
