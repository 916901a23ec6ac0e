using Azure;
using HappyBabyHive.Email;
using HappyBabyHive.Outbox;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace HappyBabyHive.Tests.Outbox;

/// <summary>The claim → send → mark-sent protocol that booking emails, sign-in links and weekly tips share.</summary>
public sealed class ClaimedSenderTests
{
    private static readonly EmailMessage Email = new()
    {
        To = new EmailRecipient("parent@example.co.uk"),
        Subject = "You're booked",
        HtmlBody = "<p>Hello</p>",
        TextBody = "Hello",
        IdempotencyKey = Guid.NewGuid(),
    };

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly Mock<IEmailSender> provider = new();
    private readonly Mock<IEmailClaim> claim = new();
    private readonly List<TimeSpan> requeued = [];

    public ClaimedSenderTests()
    {
        claim.Setup(c => c.MarkSentAsync(It.IsAny<DateTimeOffset>())).ReturnsAsync(true);
        claim.SetupGet(c => c.HeldUntil).Returns(clock.GetUtcNow() + TimeSpan.FromMinutes(2));
    }

    private Task<ClaimedSendResult> SendAsync(EmailMessage? email = null, bool nothing = false) =>
        new ClaimedSender(provider.Object, clock, NullLogger<ClaimedSender>.Instance).SendAsync(
            claim.Object,
            "email Bookings/massage-x/outbox|K7M3-Q9XP|booking-confirmed",
            _ => Task.FromResult(nothing ? null : email ?? Email),
            (delay, _) =>
            {
                requeued.Add(delay);
                return Task.CompletedTask;
            },
            CancellationToken.None);

    [Fact]
    public async Task A_sent_email_is_marked_sent_at_the_time_it_went()
    {
        Assert.Equal(ClaimedSendResult.Sent, await SendAsync());

        provider.Verify(p => p.SendAsync(It.Is<EmailMessage>(m => m.IdempotencyKey == Email.IdempotencyKey && !m.MayAlreadyBeSent), It.IsAny<CancellationToken>()), Times.Once);
        claim.Verify(c => c.MarkSentAsync(clock.GetUtcNow()), Times.Once);
        claim.Verify(c => c.ReleaseAsync(It.IsAny<bool>()), Times.Never);
    }

    [Fact]
    public async Task A_claim_taken_over_from_a_dead_delivery_sends_as_a_possible_repeat()
    {
        claim.SetupGet(c => c.MayAlreadyBeSent).Returns(true);

        await SendAsync();

        provider.Verify(p => p.SendAsync(It.Is<EmailMessage>(m => m.MayAlreadyBeSent), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Nothing_to_send_sends_nothing_and_says_so()
    {
        Assert.Equal(ClaimedSendResult.NothingToSend, await SendAsync(nothing: true));

        provider.VerifyNoOtherCalls();
        claim.Verify(c => c.MarkNothingToSendAsync(), Times.Once);
        claim.Verify(c => c.MarkSentAsync(It.IsAny<DateTimeOffset>()), Times.Never);
    }

    [Fact]
    public async Task A_throttled_send_is_given_back_and_requeued_for_the_providers_delay()
    {
        provider.Setup(p => p.SendAsync(It.IsAny<EmailMessage>(), It.IsAny<CancellationToken>())).ThrowsAsync(new EmailThrottledException(TimeSpan.FromMinutes(5)));

        Assert.Equal(ClaimedSendResult.Deferred, await SendAsync());

        claim.Verify(c => c.ReleaseAsync(false), Times.Once);
        Assert.Equal(TimeSpan.FromMinutes(5), Assert.Single(requeued));
        claim.Verify(c => c.MarkSentAsync(It.IsAny<DateTimeOffset>()), Times.Never);
    }

    [Fact]
    public async Task A_failed_send_is_given_back_as_a_failed_attempt_and_the_error_quotes_no_provider_text()
    {
        provider.Setup(p => p.SendAsync(It.IsAny<EmailMessage>(), It.IsAny<CancellationToken>())).ThrowsAsync(new InvalidOperationException("550 parent@example.co.uk unknown"));

        var failure = await Assert.ThrowsAsync<EmailSendFailedException>(() => SendAsync());

        claim.Verify(c => c.ReleaseAsync(true), Times.Once);
        Assert.Equal(nameof(InvalidOperationException), failure.Error);
        Assert.DoesNotContain("parent@example.co.uk", failure.Message, StringComparison.Ordinal);
        Assert.Empty(requeued);
    }

    [Fact]
    public async Task A_lapsed_claim_still_counts_as_sent()
    {
        claim.Setup(c => c.MarkSentAsync(It.IsAny<DateTimeOffset>())).ReturnsAsync(false);

        Assert.Equal(ClaimedSendResult.Sent, await SendAsync());
    }

    [Fact]
    public async Task Storage_failing_to_record_a_sent_email_is_retried_so_the_email_is_not_sent_again()
    {
        var attempts = 0;
        claim.Setup(c => c.MarkSentAsync(It.IsAny<DateTimeOffset>())).Returns(() =>
            ++attempts < 3 ? Task.FromException<bool>(new RequestFailedException(503, "storage away")) : Task.FromResult(true));

        Assert.Equal(ClaimedSendResult.Sent, await SendAsync());

        Assert.Equal(3, attempts);
        provider.Verify(p => p.SendAsync(It.IsAny<EmailMessage>(), It.IsAny<CancellationToken>()), Times.Once);
        claim.Verify(c => c.MarkSentAsync(clock.GetUtcNow()), Times.Exactly(3));
    }

    [Fact]
    public async Task Recording_sent_gives_up_once_the_claim_would_let_another_delivery_take_the_email()
    {
        var attempts = 0;
        claim.Setup(c => c.MarkSentAsync(It.IsAny<DateTimeOffset>())).Returns(() =>
        {
            attempts++;
            clock.Advance(TimeSpan.FromMinutes(1)); // each attempt waits out a slow, failing storage call
            return Task.FromException<bool>(new RequestFailedException(503, "storage away"));
        });

        await Assert.ThrowsAsync<RequestFailedException>(() => SendAsync());

        // Held for two minutes: attempts at +0 and +1 minute are retried; the one ending at +2 is the last.
        Assert.Equal(2, attempts);
        claim.Verify(c => c.ReleaseAsync(It.IsAny<bool>()), Times.Never);
    }
}
