using HappyBabyHive.OwnerConsole;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.OwnerConsole.SignIn;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Tests.OwnerConsole;

public sealed class SignInRateLimiterTests
{
    private static SignInRateLimiter Limiter(int perAddress = 3, int perClient = 5) => new(Options.Create(new OwnerConsoleOptions
    {
        SignInAttemptsPerAddress = perAddress,
        SignInAttemptsPerClient = perClient,
        SignInWindow = TimeSpan.FromMinutes(15),
    }));

    private static Microsoft.AspNetCore.Http.HttpRequest From(string client)
    {
        var request = ConsoleTestSupport.Request("POST", "/api/console/sign-in");
        request.Headers["X-Forwarded-For"] = client;
        return request;
    }

    [Fact]
    public void One_address_is_limited_whichever_connection_asks_and_however_it_is_typed()
    {
        using var limiter = Limiter(perAddress: 3);

        Assert.Null(limiter.TryAcquire(From("203.0.113.1"), "owner@example.co.uk"));
        Assert.Null(limiter.TryAcquire(From("203.0.113.2"), " Owner@Example.co.uk"));
        Assert.Null(limiter.TryAcquire(From("203.0.113.3"), "OWNER@example.co.uk "));
        var refused = limiter.TryAcquire(From("203.0.113.4"), "owner@example.co.uk");

        Assert.NotNull(refused);
        Assert.InRange(refused!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(15));
        Assert.Null(limiter.TryAcquire(From("203.0.113.4"), "someone.else@example.co.uk"));
    }

    [Fact]
    public void One_connection_is_limited_across_every_address_it_tries()
    {
        using var limiter = Limiter(perAddress: 100, perClient: 5);

        for (var i = 0; i < 5; i++)
        {
            Assert.Null(limiter.TryAcquire(From("203.0.113.9"), $"guess{i}@example.co.uk"));
        }

        Assert.NotNull(limiter.TryAcquire(From("203.0.113.9"), "guess6@example.co.uk"));
        Assert.Null(limiter.TryAcquire(From("198.51.100.1"), "guess6@example.co.uk"));
    }
}
