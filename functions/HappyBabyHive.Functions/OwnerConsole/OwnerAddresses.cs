using HappyBabyHive.Configuration;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.OwnerConsole;

/// <summary>
/// The addresses allowed into the console: Owner:Emails (or Business:OwnerEmail when that list is empty), plus the
/// extra addresses in Owner:SignInEmails.
/// </summary>
public sealed class OwnerAddresses(IOptions<OwnerConsoleOptions> options, IOptions<BusinessOptions> business)
{
    public IReadOnlyList<string> All =>
        (options.Value.Emails.Count > 0 ? options.Value.Emails : [business.Value.OwnerEmail])
            .Concat(options.Value.ExtraSignInEmails())
            .Select(Normalise)
            .Where(e => e.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    public bool IsOwner(string? email) => email is not null && All.Contains(Normalise(email), StringComparer.Ordinal);

    /// <summary>Email addresses compare without case or surrounding spaces, as people type them.</summary>
    public static string Normalise(string? email) => (email ?? string.Empty).Trim().ToLowerInvariant();
}
