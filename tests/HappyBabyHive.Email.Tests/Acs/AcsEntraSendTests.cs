using HappyBabyHive.Email.Acs;
using HappyBabyHive.Email.Tests.Fakes;
using HappyBabyHive.Email.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HappyBabyHive.Email.Tests.Acs;

/// <summary>The real sender with Acs:Endpoint only (Entra ID), its credential replaced by a fake that records scopes.</summary>
public sealed class AcsEntraSendTests(FakeAcsServer acs) : IClassFixture<FakeAcsServer>
{
    private ServiceProvider Host(FakeTokenCredential credential) =>
        AcsTestHost.Build(s => s["Acs:Endpoint"] = acs.Endpoint.AbsoluteUri, credential);

    [Fact]
    public async Task Sends_a_bearer_token_for_exactly_the_acs_scope_and_reuses_it()
    {
        var credential = new FakeTokenCredential();
        using var host = Host(credential);
        var sender = host.GetRequiredService<IEmailSender>();
        var first = TestEmails.Booking();
        var second = TestEmails.Booking();

        await sender.SendAsync(first, CancellationToken.None);
        await sender.SendAsync(second, CancellationToken.None);

        foreach (var email in new[] { first, second })
        {
            var request = Assert.Single(acs.RequestsFor(email.IdempotencyKey));
            Assert.Equal("Bearer", request.AuthScheme);
            Assert.Null(request.AuthProblem);
            Assert.Null(request.RequestProblem);
            Assert.Null(request.Header("x-ms-content-sha256"));
            Assert.Null(request.Header("x-ms-date"));
            Assert.Equal(1, acs.AcceptedCount(email.IdempotencyKey));
        }

        var scopes = Assert.Single(credential.Requests);
        Assert.Equal(["https://communication.azure.com//.default"], scopes);
        Assert.Equal(FakeAcsServer.EntraScope, AcsOptions.EntraScope);
    }

    [Fact]
    public async Task Every_attempt_is_authenticated()
    {
        using var host = Host(new FakeTokenCredential());
        var email = TestEmails.Booking();
        acs.Script(email.IdempotencyKey, FakeReply.Error(500, "InternalError"), FakeReply.Error(408, "RequestTimeout"), FakeReply.Accepted());

        await host.GetRequiredService<IEmailSender>().SendAsync(email, CancellationToken.None);

        var requests = acs.RequestsFor(email.IdempotencyKey);
        Assert.Equal([500, 408, 202], requests.Select(r => r.AnsweredStatus));
        Assert.All(requests, r => Assert.Equal($"Bearer {FakeAcsServer.BearerToken}", r.Header("Authorization")));
        Assert.Single(requests.Select(r => r.OperationId).Distinct());
        Assert.Equal(1, acs.AcceptedCount(email.IdempotencyKey));
    }
}
