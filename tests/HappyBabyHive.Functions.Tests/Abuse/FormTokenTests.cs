using System.Net;
using HappyBabyHive.Abuse;
using HappyBabyHive.Tests.Support;

namespace HappyBabyHive.Tests.Abuse;

public sealed class FormTokenTests
{
    private readonly TestAbuse abuse = new(o =>
    {
        o.MinimumFillTime = TimeSpan.FromSeconds(3);
        o.FormTokenLifetime = TimeSpan.FromHours(6);
    });

    [Fact]
    public void A_token_is_good_only_after_the_minimum_fill_time_and_until_it_expires()
    {
        var token = abuse.Tokens.Issue("booking");

        abuse.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(FormTokenCheck.TooFast, abuse.Tokens.Verify("booking", token).Check);
        abuse.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(FormTokenCheck.Good, abuse.Tokens.Verify("booking", token).Check);
        abuse.Clock.Advance(TimeSpan.FromHours(6));
        Assert.Equal(FormTokenCheck.Expired, abuse.Tokens.Verify("booking", token).Check);
    }

    [Theory]
    [InlineData(null, FormTokenCheck.Missing)]
    [InlineData("", FormTokenCheck.Missing)]
    [InlineData("not-a-token", FormTokenCheck.Invalid)]
    [InlineData("YWJj.ZGVm", FormTokenCheck.Invalid)]
    public void Missing_or_forged_tokens_are_not_good(string? token, FormTokenCheck expected) =>
        Assert.Equal(expected, abuse.Tokens.Verify("booking", token).Check);

    [Fact]
    public void A_token_for_one_form_is_no_good_for_another()
    {
        var token = abuse.Token("tips");

        Assert.Equal(FormTokenCheck.Invalid, abuse.Tokens.Verify("booking", token).Check);
    }

    [Fact]
    public void A_token_altered_by_one_character_is_no_good()
    {
        var token = abuse.Token("booking");
        var altered = token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1];

        Assert.Equal(FormTokenCheck.Invalid, abuse.Tokens.Verify("booking", altered).Check);
    }

    [Fact]
    public async Task A_token_is_good_once_however_many_times_it_is_posted()
    {
        var verdict = abuse.Tokens.Verify("booking", abuse.Token("booking"));

        Assert.True(await abuse.Tokens.TryUseAsync(verdict, "request-1", CancellationToken.None));
        Assert.False(await abuse.Tokens.TryUseAsync(verdict, "request-2", CancellationToken.None));
        Assert.False(await abuse.Tokens.TryUseAsync(verdict, null, CancellationToken.None));
        Assert.False(await abuse.Tokens.TryUseAsync(verdict, string.Empty, CancellationToken.None));
    }

    [Fact]
    public async Task The_same_request_sent_again_with_its_token_passes_so_a_refreshed_result_page_shows_the_same_result()
    {
        // A parent refreshing the "you're booked" page re-posts the form: same token, same idempotency key. The
        // service answers that with the same booking, so the token lets it through; nothing new can be made with it.
        var verdict = abuse.Tokens.Verify("booking", abuse.Token("booking"));

        Assert.True(await abuse.Tokens.TryUseAsync(verdict, "request-1", CancellationToken.None));
        Assert.True(await abuse.Tokens.TryUseAsync(verdict, "request-1", CancellationToken.None));
        Assert.False(await abuse.Tokens.TryUseAsync(verdict, "request-2", CancellationToken.None));
    }

    [Fact]
    public async Task A_token_first_used_without_a_request_key_is_good_once_only()
    {
        var verdict = abuse.Tokens.Verify("booking", abuse.Token("booking"));

        Assert.True(await abuse.Tokens.TryUseAsync(verdict, null, CancellationToken.None));
        Assert.False(await abuse.Tokens.TryUseAsync(verdict, null, CancellationToken.None));
        Assert.False(await abuse.Tokens.TryUseAsync(verdict, string.Empty, CancellationToken.None));
    }

    [Fact]
    public void A_renewed_token_keeps_the_first_issue_time_so_a_corrected_form_needs_no_second_wait()
    {
        var first = abuse.Tokens.Issue("booking");
        abuse.Clock.Advance(TimeSpan.FromSeconds(1));
        var tooFast = abuse.Tokens.Verify("booking", first);

        var renewed = abuse.Tokens.Renew("booking", tooFast);
        abuse.Clock.Advance(TimeSpan.FromSeconds(2.5));

        var verdict = abuse.Tokens.Verify("booking", renewed);
        Assert.Equal(FormTokenCheck.Good, verdict.Check);
        Assert.NotEqual(tooFast.Id, verdict.Id);
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void Client_addresses_group_ipv6_by_64_and_keep_ipv4_whole(string address, string key) =>
        Assert.Equal(key, ClientKey.Of(IPAddress.Parse(address)));

    [Fact]
    public void Limit_keys_are_keyed_hashes_that_never_contain_the_address()
    {
        var subjects = abuse.Subjects.Booking("203.0.113.7", "Sam@Example.co.uk ", "massage-test");

        Assert.All(subjects, s => Assert.DoesNotContain("example", s.Counter, StringComparison.OrdinalIgnoreCase));
        Assert.All(subjects, s => Assert.DoesNotContain("203.0.113", s.Counter, StringComparison.Ordinal));
        Assert.Equal(subjects.Select(s => s.Counter), abuse.Subjects.Booking("203.0.113.7", "sam@example.co.uk", "massage-test").Select(s => s.Counter));
    }

    [Fact]
    public void Windows_start_at_the_same_moment_on_every_instance()
    {
        var window = TimeSpan.FromMinutes(15);

        Assert.Equal(
            new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero),
            SharedLimits.WindowStart(new DateTimeOffset(2026, 12, 1, 9, 14, 59, TimeSpan.Zero), window));
    }
}
