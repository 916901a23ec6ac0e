using System.Globalization;
using HappyBabyHive.Links;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Abuse;

public enum FormTokenCheck
{
    Good,
    Missing,
    Invalid,
    TooFast,
    Expired,
    Reused,
}

/// <summary>What a posted token said. <see cref="IssuedUtc"/> is known whenever the signature was good.</summary>
public sealed record FormTokenVerdict(FormTokenCheck Check, string? Id = null, DateTimeOffset? IssuedUtc = null, DateTimeOffset? ExpiresUtc = null);

/// <summary>
/// The token issued with every public form: signed (HMAC, its own derived key), time-stamped, for one form, and good
/// once. A post must come at least <see cref="AbuseOptions.MinimumFillTime"/> after the form was issued and before
/// the token expires; its id is then recorded (shared storage) so the same token never works twice.
/// </summary>
public sealed class FormTokens(IOptions<LinkOptions> links, IOptions<AbuseOptions> options, TimeProvider time, ILimitStore store)
{
    private readonly LinkSigner signer = new(links, time, SigningKeyUse.FormTokens);

    /// <summary>A fresh token for a form just shown.</summary>
    public string Issue(string form) => Issue(form, time.GetUtcNow());

    /// <summary>
    /// The token a re-shown form carries: a new id (the old one may be used), but the first one's issue time when it
    /// was genuine, so the parent who fixed a typo isn't made to wait the minimum fill time again.
    /// </summary>
    public string Renew(string form, FormTokenVerdict verdict) =>
        verdict is { IssuedUtc: { } issued, Check: not FormTokenCheck.Expired } ? Issue(form, issued) : Issue(form);

    /// <summary>Checks signature, form, age and timing; does not record the use (see <see cref="TryUseAsync"/>).</summary>
    public FormTokenVerdict Verify(string form, string? token)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return new FormTokenVerdict(FormTokenCheck.Missing);
        }

        var link = signer.Verify(Purpose(form), token);
        if (link.Subject is not { } subject || link.Check is not (LinkCheck.Valid or LinkCheck.Expired))
        {
            return new FormTokenVerdict(FormTokenCheck.Invalid);
        }

        var parts = subject.Split('.');
        if (parts.Length != 2 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var issuedMs))
        {
            return new FormTokenVerdict(FormTokenCheck.Invalid);
        }

        var issued = DateTimeOffset.FromUnixTimeMilliseconds(issuedMs);
        if (link.Check == LinkCheck.Expired)
        {
            return new FormTokenVerdict(FormTokenCheck.Expired, parts[0], issued, link.ExpiresUtc);
        }

        var check = time.GetUtcNow() - issued < options.Value.MinimumFillTime ? FormTokenCheck.TooFast : FormTokenCheck.Good;
        return new FormTokenVerdict(check, parts[0], issued, link.ExpiresUtc);
    }

    /// <summary>
    /// Records the use of a good token by the request <paramref name="requestKey"/> names: false when it was used
    /// before (on any instance) by anything but that same request.
    /// </summary>
    public Task<bool> TryUseAsync(FormTokenVerdict verdict, string? requestKey, CancellationToken cancellationToken) =>
        verdict is { Check: FormTokenCheck.Good, Id: { } id, ExpiresUtc: { } expires }
            ? store.TryUseOnceAsync("formtoken-" + id, requestKey, expires, cancellationToken)
            : throw new InvalidOperationException("Only a good token can be used.");

    /// <summary>How long the form has still to be open before a post counts as a person's.</summary>
    public TimeSpan TooFastBy(FormTokenVerdict verdict) =>
        verdict.IssuedUtc is { } issued ? issued + options.Value.MinimumFillTime - time.GetUtcNow() : options.Value.MinimumFillTime;

    private string Issue(string form, DateTimeOffset issuedUtc)
    {
        var id = Guid.NewGuid().ToString("N");
        var subject = id + "." + issuedUtc.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        return signer.Sign(Purpose(form), subject, issuedUtc + options.Value.FormTokenLifetime);
    }

    private static string Purpose(string form) => "form-token:" + form;
}
