using HappyBabyHive.Abuse;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.Tests.Support;

namespace HappyBabyHive.Tests.OwnerConsole;

public sealed class SignInRateLimiterTests
{
    private static (SignInRateLimiter Limiter, TestAbuse Abuse) Limiter(int perAddressAndClient = 3, int perClient = 5)
    {
        var abuse = new TestAbuse(o =>
        {
            o.SignInEmailsPerAddressAndClient = new LimitRule { Permits = perAddressAndClient, Window = TimeSpan.FromMinutes(15) };
            o.SignInEmailsPerClient = new LimitRule { Permits = perClient, Window = TimeSpan.FromHours(1) };
        });
        return (new SignInRateLimiter(abuse.Limits, abuse.Subjects), abuse);
    }

    private static Microsoft.AspNetCore.Http.HttpRequest From(string client)
    {
        var request = ConsoleTestSupport.Request("POST", "/api/console/sign-in");
        request.HttpContext.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(client);
        return request;
    }

    [Fact]
    public async Task One_address_from_one_connection_is_limited_however_it_is_typed()
    {
        var (limiter, _) = Limiter(perAddressAndClient: 3);

        Assert.Null(await limiter.TryAcquireAsync(From("203.0.113.1"), "owner@example.co.uk", CancellationToken.None));
        Assert.Null(await limiter.TryAcquireAsync(From("203.0.113.1"), " Owner@Example.co.uk", CancellationToken.None));
        Assert.Null(await limiter.TryAcquireAsync(From("203.0.113.1"), "OWNER@example.co.uk ", CancellationToken.None));
        var refused = await limiter.TryAcquireAsync(From("203.0.113.1"), "owner@example.co.uk", CancellationToken.None);

        Assert.NotNull(refused);
        Assert.InRange(refused!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(15));
    }

    [Fact]
    public async Task A_flood_for_the_owners_address_from_elsewhere_never_locks_out_the_owners_own_connection()
    {
        var (limiter, _) = Limiter(perAddressAndClient: 3, perClient: 5);
        for (var i = 0; i < 50; i++)
        {
            await limiter.TryAcquireAsync(From($"198.51.100.{i % 10}"), "owner@example.co.uk", CancellationToken.None);
        }

        Assert.Null(await limiter.TryAcquireAsync(From("203.0.113.77"), "owner@example.co.uk", CancellationToken.None));
    }

    [Fact]
    public async Task One_connection_is_limited_across_every_address_it_tries()
    {
        var (limiter, _) = Limiter(perAddressAndClient: 100, perClient: 5);

        for (var i = 0; i < 5; i++)
        {
            Assert.Null(await limiter.TryAcquireAsync(From("203.0.113.9"), $"guess{i}@example.co.uk", CancellationToken.None));
        }

        Assert.NotNull(await limiter.TryAcquireAsync(From("203.0.113.9"), "guess6@example.co.uk", CancellationToken.None));
        Assert.Null(await limiter.TryAcquireAsync(From("198.51.100.1"), "guess6@example.co.uk", CancellationToken.None));
    }

    [Fact]
    public async Task When_the_limits_table_is_down_the_email_still_goes()
    {
        var (limiter, abuse) = Limiter(perAddressAndClient: 1);
        abuse.Store.Unavailable = true;

        Assert.Null(await limiter.TryAcquireAsync(From("203.0.113.1"), "owner@example.co.uk", CancellationToken.None));
        Assert.Null(await limiter.TryAcquireAsync(From("203.0.113.1"), "owner@example.co.uk", CancellationToken.None));
    }
}
