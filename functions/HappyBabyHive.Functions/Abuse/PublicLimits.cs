using Microsoft.Extensions.Options;

namespace HappyBabyHive.Abuse;

/// <summary>Which shared counters each kind of public post is measured against (docs/abuse-resistance.md lists them).</summary>
public sealed class PublicLimits(LimitKeys keys, IOptions<AbuseOptions> options)
{
    private AbuseOptions Rules => options.Value;

    /// <param name="clientKey">From <see cref="ClientKey.Of"/>.</param>
    public IReadOnlyList<LimitSubject> Booking(string clientKey, string? email, string? courseId)
    {
        var client = keys.Client(clientKey);
        var address = keys.Email(email);
        var course = keys.Course(courseId);
        return
        [
            new("booking-client-course", Rules.BookingsPerClientPerCourse, client + "-" + course),
            new("booking-client", Rules.BookingsPerClient, client),
            new("booking-email-course", Rules.BookingsPerEmailPerCourse, address + "-" + course),
            new("emails-to", Rules.EmailsPerAddress, address),
        ];
    }

    public IReadOnlyList<LimitSubject> FreePlaceRequest(string clientKey, string? email) =>
    [
        new("freeplace-client", Rules.FreePlaceRequestsPerClient, keys.Client(clientKey)),
        new("emails-to", Rules.EmailsPerAddress, keys.Email(email)),
    ];

    public IReadOnlyList<LimitSubject> Subscription(string clientKey, string? email) =>
    [
        new("subscribe-client", Rules.SubscriptionsPerClient, keys.Client(clientKey)),
        new("emails-to", Rules.EmailsPerAddress, keys.Email(email)),
    ];

    /// <summary>A sign-in email: strict per typed address and client together, looser per client.</summary>
    public IReadOnlyList<LimitSubject> SignInEmail(string clientKey, string? email)
    {
        var client = keys.Client(clientKey);
        return
        [
            new("signin-email-client", Rules.SignInEmailsPerAddressAndClient, keys.Email(email) + "-" + client),
            new("signin-client", Rules.SignInEmailsPerClient, client),
        ];
    }

    /// <summary>A duplicate-booking notice to the address on file: counted as an email to that address.</summary>
    public IReadOnlyList<LimitSubject> EmailTo(string? email) => [new("emails-to", Rules.EmailsPerAddress, keys.Email(email))];
}
