using System.Globalization;
using HappyBabyHive.Email.Acs;
using HappyBabyHive.Email.Tests.Fakes;
using HappyBabyHive.Email.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HappyBabyHive.Email.Tests.Acs;

/// <summary>
/// Issue 11 point 9: every ambiguous outcome (a timeout after ACS accepted, a 409, a crash after the 202) ends with
/// exactly one email, because the sender uses the documented repeatability headers and looks the operation up before
/// sending again. The fake sends a second copy whenever it is asked to without a recognised repeat.
/// </summary>
public sealed class AcsRepeatabilityTests(FakeAcsServer acs) : IClassFixture<FakeAcsServer>
{
    private ServiceProvider Host(Action<Dictionary<string, string?>>? change = null) =>
        AcsTestHost.Build(s =>
        {
            s["Acs:ConnectionString"] = acs.ConnectionString;
            change?.Invoke(s);
        });

    private static IEmailSender Sender(ServiceProvider host) => host.GetRequiredService<IEmailSender>();

    [Fact]
    public async Task Every_attempt_carries_the_same_repeatability_id_derived_from_the_email_and_an_rfc_1123_first_sent_time()
    {
        using var host = Host();
        var email = TestEmails.Booking();
        acs.Script(email.IdempotencyKey, FakeReply.Error(503, "ServiceUnavailable"), FakeReply.Accepted());

        await Sender(host).SendAsync(email, CancellationToken.None);

        var requests = acs.RequestsFor(email.IdempotencyKey);
        Assert.Equal([503, 202], requests.Select(r => r.AnsweredStatus));
        Assert.All(requests, r => Assert.Equal(email.IdempotencyKey.ToString("D"), r.Header("Repeatability-Request-Id")));
        Assert.Single(requests.Select(r => r.Header("Repeatability-First-Sent")).Distinct());
        Assert.True(DateTimeOffset.TryParseExact(requests[0].Header("Repeatability-First-Sent"), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _));
        Assert.All(requests, r => Assert.Null(r.RequestProblem));
        Assert.Empty(acs.LookupsFor(email.IdempotencyKey));
    }

    [Fact]
    public async Task A_timeout_after_acceptance_whose_retry_gets_409_looks_the_email_up_and_sends_one()
    {
        using var host = Host();
        var email = TestEmails.Booking();
        acs.Script(email.IdempotencyKey, FakeReply.HangThenAccept(TimeSpan.FromSeconds(3)));

        await Sender(host).SendAsync(email, CancellationToken.None);

        Assert.Equal([202, 409], acs.RequestsFor(email.IdempotencyKey).Select(r => r.AnsweredStatus));
        Assert.Equal(200, Assert.Single(acs.LookupsFor(email.IdempotencyKey)).AnsweredStatus);
        Assert.Equal(1, acs.AcceptedCount(email.IdempotencyKey));
    }

    [Fact]
    public async Task A_timeout_after_acceptance_whose_retries_are_lost_too_looks_the_email_up_and_sends_one()
    {
        using var host = Host(s => s["Acs:MaxRetryAttempts"] = "1");
        var email = TestEmails.Booking();
        acs.Script(email.IdempotencyKey, FakeReply.HangThenAccept(TimeSpan.FromSeconds(3)), FakeReply.LostInNetwork(TimeSpan.FromSeconds(5)));

        await Sender(host).SendAsync(email, CancellationToken.None);

        Assert.Equal([202, 0], acs.RequestsFor(email.IdempotencyKey).Select(r => r.AnsweredStatus));
        Assert.Single(acs.LookupsFor(email.IdempotencyKey));
        Assert.Equal(1, acs.AcceptedCount(email.IdempotencyKey));
    }

    [Fact]
    public async Task A_timeout_before_acs_saw_anything_is_still_an_error_so_the_queue_tries_again()
    {
        using var host = Host(s => s["Acs:MaxRetryAttempts"] = "1");
        var sender = Sender(host);
        var email = TestEmails.Booking();
        acs.Script(email.IdempotencyKey, FakeReply.LostInNetwork(TimeSpan.FromSeconds(5)), FakeReply.LostInNetwork(TimeSpan.FromSeconds(5)));

        await Assert.ThrowsAsync<Polly.Timeout.TimeoutRejectedException>(() => sender.SendAsync(email, CancellationToken.None));
        Assert.Single(acs.LookupsFor(email.IdempotencyKey)); // looked up, found nothing
        Assert.Equal(0, acs.AcceptedCount(email.IdempotencyKey));

        await sender.SendAsync(email with { MayAlreadyBeSent = true }, CancellationToken.None);
        Assert.Equal(1, acs.AcceptedCount(email.IdempotencyKey));
    }

    [Fact]
    public async Task Two_deliveries_of_one_email_at_once_send_it_once_the_second_seeing_409_as_in_progress()
    {
        using var first = Host();
        using var second = Host(); // another instance, with its own HttpClient and circuit
        var (firstSender, secondSender) = (Sender(first), Sender(second));
        var email = TestEmails.Booking();
        acs.Script(email.IdempotencyKey, FakeReply.HangThenAccept(TimeSpan.FromSeconds(5)));

        var slow = firstSender.SendAsync(email, CancellationToken.None);
        while (acs.AcceptedCount(email.IdempotencyKey) == 0)
        {
            await Task.Delay(10);
        }

        await secondSender.SendAsync(email, CancellationToken.None);
        await slow;

        // The first delivery's own retry (after its attempt timed out) also meets the request in progress.
        var answers = acs.RequestsFor(email.IdempotencyKey).Select(r => r.AnsweredStatus).ToList();
        Assert.Equal(202, answers[0]);
        Assert.All(answers.Skip(1), status => Assert.Equal(409, status));
        Assert.Equal(1, acs.AcceptedCount(email.IdempotencyKey));
    }

    [Fact]
    public async Task A_409_for_an_operation_acs_cannot_show_yet_comes_back_later_without_sending()
    {
        using var host = Host();
        var email = TestEmails.Booking();
        acs.Script(email.IdempotencyKey, FakeReply.Error(409, "Conflict"));

        var later = await Assert.ThrowsAsync<EmailThrottledException>(() => Sender(host).SendAsync(email, CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(30), later.RetryAfter);
        Assert.Single(acs.RequestsFor(email.IdempotencyKey));
        Assert.Single(acs.LookupsFor(email.IdempotencyKey));
        Assert.Equal(0, acs.AcceptedCount(email.IdempotencyKey));
    }

    [Fact]
    public async Task A_crash_after_the_202_then_a_redelivery_after_the_repeatability_window_sends_nothing_more()
    {
        using var host = Host();
        var sender = Sender(host);
        var email = TestEmails.Booking();
        await sender.SendAsync(email, CancellationToken.None); // accepted; the process dies before marking it sent
        acs.ForgetRepeatabilityRecords(); // the queue redelivers after ACS's five minutes

        await sender.SendAsync(email with { MayAlreadyBeSent = true }, CancellationToken.None);

        Assert.Single(acs.RequestsFor(email.IdempotencyKey));
        Assert.Single(acs.LookupsFor(email.IdempotencyKey));
        Assert.Equal(1, acs.AcceptedCount(email.IdempotencyKey));
    }

    [Fact]
    public async Task The_fake_is_strict_a_resend_after_the_window_without_the_lookup_is_a_second_email()
    {
        // Why the lookup matters: a repeated Operation-Id alone is not documented to prevent anything.
        using var host = Host();
        var sender = Sender(host);
        var email = TestEmails.Booking();
        await sender.SendAsync(email, CancellationToken.None);
        acs.ForgetRepeatabilityRecords();

        await sender.SendAsync(email, CancellationToken.None);

        Assert.Equal(2, acs.AcceptedCount(email.IdempotencyKey));
    }

    [Fact]
    public async Task A_crash_after_the_202_redelivered_within_the_window_gets_the_original_answer_and_sends_nothing_more()
    {
        using var host = Host();
        var sender = Sender(host);
        var email = TestEmails.Booking();
        await sender.SendAsync(email, CancellationToken.None);

        await sender.SendAsync(email, CancellationToken.None); // no sign of the earlier attempt on our side

        var requests = acs.RequestsFor(email.IdempotencyKey);
        Assert.Equal([202, 202], requests.Select(r => r.AnsweredStatus));
        Assert.Equal(1, acs.AcceptedCount(email.IdempotencyKey));
    }

    [Fact]
    public async Task An_earlier_attempt_that_never_reached_acs_is_sent_after_the_lookup_finds_nothing()
    {
        using var host = Host();
        var email = TestEmails.Booking() with { MayAlreadyBeSent = true };

        await Sender(host).SendAsync(email, CancellationToken.None);

        Assert.Equal(404, Assert.Single(acs.LookupsFor(email.IdempotencyKey)).AnsweredStatus);
        Assert.Equal(1, acs.AcceptedCount(email.IdempotencyKey));
    }

    [Fact]
    public async Task An_email_acs_reports_as_failed_is_not_sent_again_and_the_error_names_no_address()
    {
        using var host = Host();
        var sender = Sender(host);
        var email = TestEmails.Booking();
        await sender.SendAsync(email, CancellationToken.None);
        acs.ForgetRepeatabilityRecords();
        acs.SetOperationStatus(email.IdempotencyKey, "Failed");

        var failed = await Assert.ThrowsAsync<AcsOperationFailedException>(() => sender.SendAsync(email with { MayAlreadyBeSent = true }, CancellationToken.None));

        Assert.Equal("Failed", failed.Status);
        Assert.Equal("EmailDroppedAllRecipientsSuppressed", failed.ErrorCode);
        Assert.DoesNotContain("@", failed.Message, StringComparison.Ordinal);
        Assert.Equal(1, acs.AcceptedCount(email.IdempotencyKey));
    }
}
