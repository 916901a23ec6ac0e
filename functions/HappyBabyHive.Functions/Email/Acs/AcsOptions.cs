using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace HappyBabyHive.Email.Acs;

/// <summary>How the app reaches Azure Communication Services Email (section "Acs").</summary>
/// <remarks>
/// Two ways to authenticate, exactly one of which must be configured:
/// <list type="bullet">
/// <item><see cref="Endpoint"/> alone: Microsoft Entra ID tokens from the managed identity (in Azure) or the developer's
/// sign-in (DefaultAzureCredential). This is what infra/app/functionapp.bicep sets.</item>
/// <item><see cref="ConnectionString"/> alone: HMAC-SHA256 request signing with the resource's access key, for use outside
/// Azure. The connection string carries its own endpoint.</item>
/// </list>
/// </remarks>
public sealed partial class AcsOptions : IValidatableObject
{
    public const string SectionName = "Acs";

    /// <summary>The token scope for ACS. The double slash is what every Azure SDK sends; it is not a typo.</summary>
    public const string EntraScope = "https://communication.azure.com//.default";

    /// <summary>e.g. https://contoso.unitedstates.communication.azure.com (Bicep: 'https://${acs.properties.hostName}').</summary>
    public string? Endpoint { get; set; }

    public string ApiVersion { get; set; } = "2023-03-31";

    /// <summary>endpoint=https://...;accesskey=... : HMAC mode. Keep it in user secrets or Key Vault, never in app settings.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Client id of the user-assigned managed identity; defaults to the AZURE_CLIENT_ID setting.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Limit for one HTTP attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Limit for one send including every retry and wait; well under host.json functionTimeout (5 min).</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A 429 whose Retry-After is at most this long is waited out in process; a longer one goes back to the queue with
    /// that delay (<see cref="EmailThrottledException"/>) instead of holding the function.
    /// </summary>
    public TimeSpan MaxRetryAfterToWaitInProcess { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries after the first attempt, for 5xx, 408, short 429s, timeouts and network errors.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Base delay of the exponential, jittered backoff between retries (when there is no Retry-After).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>True when the access key (HMAC) is used rather than Entra ID.</summary>
    public bool UsesAccessKey => !string.IsNullOrWhiteSpace(ConnectionString);

    /// <summary>The endpoint in use, from the connection string in HMAC mode. Only valid on validated options.</summary>
    public Uri ResolvedEndpoint() => UsesAccessKey
        ? AcsConnectionString.Parse(ConnectionString!).Endpoint
        : new Uri(Endpoint!.Trim().TrimEnd('/'), UriKind.Absolute);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var hasEndpoint = !string.IsNullOrWhiteSpace(Endpoint);
        if (hasEndpoint == UsesAccessKey)
        {
            yield return new ValidationResult(
                hasEndpoint
                    ? "Set only one of Acs:Endpoint (Entra ID, managed identity) and Acs:ConnectionString (access key): the connection string carries its own endpoint, so both at once leave it unclear how to authenticate."
                    : "Azure Communication Services is not configured: set Acs:Endpoint (https://<resource>.<geo>.communication.azure.com, authenticated with the managed identity) or, outside Azure, Acs:ConnectionString (endpoint=https://...;accesskey=...).",
                [nameof(Endpoint), nameof(ConnectionString)]);
        }
        else if (UsesAccessKey)
        {
            if (!AcsConnectionString.TryParse(ConnectionString, out var parsed, out var error))
            {
                yield return new ValidationResult($"Acs:ConnectionString is not valid: {error}", [nameof(ConnectionString)]);
            }
            else if (EndpointProblem(parsed.Endpoint) is { } problem)
            {
                yield return new ValidationResult($"The endpoint in Acs:ConnectionString {problem}", [nameof(ConnectionString)]);
            }
        }
        else if (!Uri.TryCreate(Endpoint!.Trim(), UriKind.Absolute, out var endpoint))
        {
            yield return new ValidationResult(
                $"Acs:Endpoint '{Endpoint}' is not an absolute URL; expected https://<resource>.<geo>.communication.azure.com.",
                [nameof(Endpoint)]);
        }
        else if (EndpointProblem(endpoint) is { } problem)
        {
            yield return new ValidationResult($"Acs:Endpoint '{Endpoint}' {problem}", [nameof(Endpoint)]);
        }

        if (!string.IsNullOrWhiteSpace(ManagedIdentityClientId) && !Guid.TryParse(ManagedIdentityClientId, out _))
        {
            yield return new ValidationResult(
                $"Acs:ManagedIdentityClientId (or AZURE_CLIENT_ID) '{ManagedIdentityClientId}' must be the client id (a GUID) of the user-assigned managed identity.",
                [nameof(ManagedIdentityClientId)]);
        }

        if (string.IsNullOrWhiteSpace(ApiVersion) || !ApiVersionPattern().IsMatch(ApiVersion))
        {
            yield return new ValidationResult(
                $"Acs:ApiVersion '{ApiVersion}' must look like 2023-03-31 (optionally with -preview).",
                [nameof(ApiVersion)]);
        }

        foreach (var result in ValidateTimings())
        {
            yield return result;
        }
    }

    private IEnumerable<ValidationResult> ValidateTimings()
    {
        if (AttemptTimeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"Acs:AttemptTimeout must be positive; it is {AttemptTimeout}.", [nameof(AttemptTimeout)]);
        }

        if (TotalTimeout <= AttemptTimeout)
        {
            yield return new ValidationResult(
                $"Acs:TotalTimeout ({TotalTimeout}) must be longer than Acs:AttemptTimeout ({AttemptTimeout}), or no attempt could ever be retried.",
                [nameof(TotalTimeout)]);
        }

        if (MaxRetryAfterToWaitInProcess < TimeSpan.Zero || MaxRetryAfterToWaitInProcess >= TotalTimeout)
        {
            yield return new ValidationResult(
                $"Acs:MaxRetryAfterToWaitInProcess ({MaxRetryAfterToWaitInProcess}) must be zero or more and shorter than Acs:TotalTimeout ({TotalTimeout}).",
                [nameof(MaxRetryAfterToWaitInProcess)]);
        }

        if (MaxRetryAttempts is < 1 or > 10)
        {
            yield return new ValidationResult($"Acs:MaxRetryAttempts must be between 1 and 10; it is {MaxRetryAttempts}.", [nameof(MaxRetryAttempts)]);
        }
        else if (RetryDelay < TimeSpan.Zero || RetryDelay * ((1 << MaxRetryAttempts) - 1) > TotalTimeout)
        {
            // The same rule the standard resilience handler applies, reported here at start-up with our setting names.
            yield return new ValidationResult(
                $"Acs:RetryDelay ({RetryDelay}) doubled over {MaxRetryAttempts} retries must fit inside Acs:TotalTimeout ({TotalTimeout}).",
                [nameof(RetryDelay)]);
        }
    }

    /// <summary>Why an endpoint is unusable, or null. Plain http is allowed for a local fake only.</summary>
    internal static string? EndpointProblem(Uri endpoint)
    {
        if (endpoint.Scheme == Uri.UriSchemeHttp && !endpoint.IsLoopback)
        {
            return "must use https (plain http is allowed only for localhost or 127.0.0.1, for a local test double).";
        }

        if (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp)
        {
            return "must be an https URL.";
        }

        if (!string.IsNullOrEmpty(endpoint.Query) || !string.IsNullOrEmpty(endpoint.Fragment) || !string.IsNullOrEmpty(endpoint.UserInfo))
        {
            return "must be just scheme and host, with no query, fragment or user name.";
        }

        return null;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(-preview)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ApiVersionPattern();
}
