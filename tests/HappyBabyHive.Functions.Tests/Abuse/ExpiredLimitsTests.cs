using HappyBabyHive.Abuse;
using HappyBabyHive.Tests.Support;

namespace HappyBabyHive.Tests.Abuse;

/// <summary>The Limits table's clean-up on a fake clock: a row goes a day after it stopped mattering, never while it counts.</summary>
public sealed class ExpiredLimitsTests
{
    private readonly TestAbuse abuse = new(o =>
    {
        o.FormTokenLifetime = TimeSpan.FromHours(6);
        o.SignInEmailsPerClient = new LimitRule { Permits = 2, Window = TimeSpan.FromHours(1) };
    });

    private IReadOnlyList<LimitSubject> Hourly => [new("test-hourly", abuse.Options.SignInEmailsPerClient, "client-a")];

    [Fact]
    public async Task A_window_stays_while_it_counts_and_for_a_day_after_it_ended_then_goes()
    {
        await abuse.Limits.CountAsync(Hourly, CancellationToken.None);
        await abuse.Limits.CountAsync(Hourly, CancellationToken.None);
        var windowEnds = SharedLimits.WindowStart(abuse.Clock.GetUtcNow(), TimeSpan.FromHours(1)) + TimeSpan.FromHours(1);

        Assert.Equal(0, await abuse.Expired.DeleteAsync(CancellationToken.None));
        Assert.NotNull(await abuse.Limits.CheckAsync(Hourly, CancellationToken.None)); // still limited: the count survived

        abuse.Clock.SetUtcNow(windowEnds + ExpiredLimits.Margin - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await abuse.Expired.DeleteAsync(CancellationToken.None));
        Assert.Equal(1, abuse.Store.Rows);

        abuse.Clock.SetUtcNow(windowEnds + ExpiredLimits.Margin + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await abuse.Expired.DeleteAsync(CancellationToken.None));
        Assert.Equal(0, abuse.Store.Rows);
        Assert.Equal(0, await abuse.Expired.DeleteAsync(CancellationToken.None)); // repeatable
    }

    [Fact]
    public async Task Only_the_windows_that_ended_go_and_the_current_one_keeps_its_count()
    {
        await abuse.Limits.CountAsync(Hourly, CancellationToken.None);
        abuse.Clock.Advance(ExpiredLimits.Margin + TimeSpan.FromHours(2));
        await abuse.Limits.CountAsync(Hourly, CancellationToken.None);
        await abuse.Limits.CountAsync(Hourly, CancellationToken.None);

        Assert.Equal(1, await abuse.Expired.DeleteAsync(CancellationToken.None));
        Assert.Equal(1, abuse.Store.Rows);
        Assert.NotNull(await abuse.Limits.CheckAsync(Hourly, CancellationToken.None));
    }

    [Fact]
    public async Task A_used_token_is_remembered_until_a_day_after_it_expires_and_is_still_refused_after()
    {
        var token = abuse.Token("booking");
        var verdict = abuse.Tokens.Verify("booking", token);
        Assert.True(await abuse.Tokens.TryUseAsync(verdict, "request-1", CancellationToken.None));

        abuse.Clock.SetUtcNow(verdict.ExpiresUtc!.Value + ExpiredLimits.Margin - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await abuse.Expired.DeleteAsync(CancellationToken.None));

        abuse.Clock.SetUtcNow(verdict.ExpiresUtc!.Value + ExpiredLimits.Margin + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await abuse.Expired.DeleteAsync(CancellationToken.None));
        Assert.Equal(0, abuse.Store.Rows);
        Assert.Equal(FormTokenCheck.Expired, abuse.Tokens.Verify("booking", token).Check); // its record gone, it is still no good
    }
}
