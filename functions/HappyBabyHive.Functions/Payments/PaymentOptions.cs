using System.ComponentModel.DataAnnotations;

namespace HappyBabyHive.Payments;

/// <summary>
/// Stripe settings (section "Payments"). Off unless <see cref="Enabled"/>: without keys the app books as it always has,
/// so a fresh clone and the local run need no Stripe account.
/// </summary>
public sealed class PaymentOptions : IValidatableObject
{
    public const string SectionName = "Payments";

    /// <summary>Stripe's own floor for a Checkout Session's lifetime (expires_at at least 30 minutes ahead).</summary>
    public static readonly TimeSpan MinimumCheckoutLifetime = TimeSpan.FromMinutes(30);

    /// <summary>Stripe's ceiling for a Checkout Session's lifetime (expires_at at most 24 hours ahead).</summary>
    public static readonly TimeSpan MaximumCheckoutLifetime = TimeSpan.FromHours(24);

    /// <summary>
    /// Added to <see cref="CheckoutLifetime"/> when a place is held: Stripe checks expires_at against its own clock when
    /// the request arrives and refuses anything under 30 minutes, so a minute's slack keeps a 30-minute hold from being
    /// refused for being a few milliseconds short.
    /// </summary>
    public static readonly TimeSpan CheckoutSlack = TimeSpan.FromMinutes(1);

    public bool Enabled { get; set; }

    /// <summary>When a place held from <paramref name="now"/> for a parent paying at Checkout is released unless paid.</summary>
    public DateTimeOffset HoldUntil(DateTimeOffset now) => now + CheckoutLifetime + CheckoutSlack;

    /// <summary>The Stripe secret (sk_…) or restricted (rk_…) API key. In Azure a Key Vault reference, never a plain value.</summary>
    public string? SecretKey { get; set; }

    /// <summary>The webhook endpoint's signing secret (whsec_…), shown in the Stripe dashboard beside the endpoint.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Stripe's API address; only tests and the local fake change it (StripeClientOptions.ApiBase).</summary>
    public string? ApiBase { get; set; }

    /// <summary>
    /// Where Stripe's Checkout pages live (scheme, host and port, no path): the booking form's CSP lets its post be
    /// redirected there. Only the local run changes it (to the fake Stripe's checkout page).
    /// </summary>
    [Url]
    public string CheckoutOrigin { get; set; } = "https://checkout.stripe.com";

    /// <summary>
    /// The origins a page's form may be redirected to (CSP form-action also covers redirects): Checkout's when card
    /// payments are on, none when they are off. A method, so configuration binding leaves it alone.
    /// </summary>
    public IReadOnlyList<string> FormRedirectOrigins() => Enabled ? [CheckoutOrigin] : [];

    /// <summary>How long a place is held while the parent pays: the Checkout Session's lifetime.</summary>
    public TimeSpan CheckoutLifetime { get; set; } = MinimumCheckoutLifetime;

    /// <summary>How long one call to Stripe may take before it counts as failed (then the caller hears "try again").</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Stripe.net's own retries of a failed call (network error, 409 lock, 429, 5xx). Safe because every call we make
    /// carries an idempotency key; kept low so an outage is a prompt 503 rather than a long wait.
    /// </summary>
    [Range(0, 5)]
    public int MaxNetworkRetries { get; set; } = 1;

    /// <summary>How far a webhook's signed timestamp may be from our clock (Stripe's default and recommendation: 300 s).</summary>
    [Range(1, 3600)]
    public int SignatureToleranceSeconds { get; set; } = 300;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (CheckoutLifetime < MinimumCheckoutLifetime || CheckoutLifetime > MaximumCheckoutLifetime)
        {
            yield return new ValidationResult(
                $"Payments:CheckoutLifetime must be between 00:30:00 and 1.00:00:00 (Stripe's limits); it is {CheckoutLifetime}.",
                [nameof(CheckoutLifetime)]);
        }

        if (RequestTimeout <= TimeSpan.Zero || RequestTimeout > TimeSpan.FromSeconds(80))
        {
            yield return new ValidationResult("Payments:RequestTimeout must be more than zero and at most 80 seconds.", [nameof(RequestTimeout)]);
        }

        if (!string.IsNullOrEmpty(ApiBase) &&
            !(Uri.TryCreate(ApiBase, UriKind.Absolute, out var api) && (api.Scheme == Uri.UriSchemeHttps || api.Scheme == Uri.UriSchemeHttp) && string.IsNullOrEmpty(api.UserInfo)))
        {
            yield return new ValidationResult("Payments:ApiBase must be an absolute http(s) address, like https://api.stripe.com.", [nameof(ApiBase)]);
        }

        if (!Enabled)
        {
            yield break;
        }

        // The values are secrets: the messages say what shape is expected, never what was given.
        if (string.IsNullOrWhiteSpace(SecretKey) || !(SecretKey.StartsWith("sk_", StringComparison.Ordinal) || SecretKey.StartsWith("rk_", StringComparison.Ordinal)))
        {
            yield return new ValidationResult(
                "Payments:SecretKey must be a Stripe secret key (sk_test_… or sk_live_…) or restricted key (rk_…) when Payments:Enabled is true.",
                [nameof(SecretKey)]);
        }

        if (string.IsNullOrWhiteSpace(WebhookSecret) || !WebhookSecret.StartsWith("whsec_", StringComparison.Ordinal))
        {
            yield return new ValidationResult(
                "Payments:WebhookSecret must be the webhook endpoint's signing secret (whsec_…) when Payments:Enabled is true.",
                [nameof(WebhookSecret)]);
        }
    }
}
