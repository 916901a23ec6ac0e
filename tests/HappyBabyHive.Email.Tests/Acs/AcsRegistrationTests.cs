using HappyBabyHive.Email.Acs;
using HappyBabyHive.Email.Tests.Fakes;
using HappyBabyHive.Email.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Email.Tests.Acs;

public sealed class AcsRegistrationTests
{
    private const string Endpoint = "https://contoso.unitedstates.communication.azure.com";
    private const string ClientId = "7d3c1f0e-2b4a-4c6d-8e9f-0a1b2c3d4e5f";

    [Fact]
    public void Provider_Acs_resolves_the_acs_sender()
    {
        using var host = AcsTestHost.Build(s => s["Acs:Endpoint"] = Endpoint, new FakeTokenCredential());

        Assert.IsType<AcsEmailSender>(host.GetRequiredService<IEmailSender>());
        Assert.IsType<AcsEntraAuthenticator>(host.GetRequiredService<IAcsRequestAuthenticator>());
    }

    [Fact]
    public void Provider_Smtp_resolves_the_smtp_sender()
    {
        using var host = AcsTestHost.Build(s => s["Email:Provider"] = "Smtp");

        Assert.IsType<SmtpEmailSender>(host.GetRequiredService<IEmailSender>());
        Assert.Null(host.GetService<AcsEmailSender>());
    }

    [Fact]
    public void A_connection_string_selects_hmac_signing()
    {
        using var host = AcsTestHost.Build(s => s["Acs:ConnectionString"] = $"endpoint={Endpoint}/;accesskey=c2VjcmV0");

        Assert.IsType<AcsHmacAuthenticator>(host.GetRequiredService<IAcsRequestAuthenticator>());
    }

    [Fact]
    public void Missing_acs_settings_fail_with_a_clear_message()
    {
        using var host = AcsTestHost.Build();

        var error = Assert.Throws<OptionsValidationException>(() => host.GetRequiredService<IEmailSender>());

        Assert.Contains("set Acs:Endpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_managed_identity_client_id_falls_back_to_AZURE_CLIENT_ID()
    {
        using var host = AcsTestHost.Build(s =>
        {
            s["Acs:Endpoint"] = Endpoint;
            s["AZURE_CLIENT_ID"] = ClientId;
        });

        Assert.Equal(ClientId, host.GetRequiredService<IOptions<AcsOptions>>().Value.ManagedIdentityClientId);
    }

    [Fact]
    public void The_authentication_handler_sits_inside_the_resilience_handler()
    {
        using var host = AcsTestHost.Build(s => s["Acs:Endpoint"] = Endpoint, new FakeTokenCredential());

        var chain = new List<string>();
        for (HttpMessageHandler? handler = host.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(nameof(AcsEmailSender));
             handler is not null;
             handler = (handler as DelegatingHandler)?.InnerHandler)
        {
            chain.Add(handler.GetType().Name);
        }

        var resilience = chain.IndexOf("ResilienceHandler");
        var authentication = chain.IndexOf(nameof(AcsAuthenticationHandler));
        Assert.True(resilience >= 0 && authentication > resilience, string.Join(" -> ", chain));
        Assert.Equal(nameof(SocketsHttpHandler), chain[^1]);
    }

    [Fact]
    public void The_resilience_settings_pass_the_standard_handler_validation()
    {
        var options = new HttpStandardResilienceOptions();
        AcsEmailServiceCollectionExtensions.ConfigureResilience(options, new AcsOptions { Endpoint = Endpoint }, TimeProvider.System);

        Assert.Equal(TimeSpan.FromSeconds(10), options.AttemptTimeout.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.TotalRequestTimeout.Timeout);
        Assert.Equal(3, options.Retry.MaxRetryAttempts);
        Assert.Equal(6, options.CircuitBreaker.MinimumThroughput);
        Assert.True(options.CircuitBreaker.SamplingDuration >= 2 * options.AttemptTimeout.Timeout);
    }

    [Fact]
    public void In_azure_the_managed_identity_credential_is_used_and_elsewhere_the_default_chain()
    {
        var options = new AcsOptions { Endpoint = Endpoint, ManagedIdentityClientId = ClientId };
        var inAzure = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["IDENTITY_ENDPOINT"] = "http://localhost:42356/msi/token" }).Build();
        var local = new ConfigurationBuilder().Build();

        Assert.IsType<Azure.Identity.ManagedIdentityCredential>(AcsEmailServiceCollectionExtensions.CreateCredential(options, inAzure));
        Assert.IsType<Azure.Identity.DefaultAzureCredential>(AcsEmailServiceCollectionExtensions.CreateCredential(options, local));
    }
}
