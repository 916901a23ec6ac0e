using HappyBabyHive.Configuration;
using HappyBabyHive.Links;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Courses;

/// <summary>
/// The signed links a family's emails carry: "manage my booking" (valid until a week after the course ends) and
/// "claim the place offered to you" (valid until the offer ends). Each token names one booking and one purpose, so a
/// manage link cannot claim an offer nor be altered to reach another family's booking. The links only ever open a
/// page: every change is a POST from that page, so an email scanner following them changes nothing.
/// </summary>
public sealed class BookingLinks(LinkSigner signer, IOptions<BusinessOptions> business)
{
    public const string ManagePurpose = "manage-booking";
    public const string ClaimPurpose = "claim-offer";
    public const string ManageRoute = "manage-booking";
    public const string ClaimRoute = "claim-offer";
    public const string TokenParameter = "token";

    /// <summary>How long after the last session a manage link still opens (to see what happened, or to ask a question).</summary>
    public static readonly TimeSpan ManageGraceAfterCourse = TimeSpan.FromDays(7);

    public string ManageToken(Course course, string reference) =>
        signer.Sign(ManagePurpose, Subject(course.Id, reference), course.LastSessionEndsUtc + ManageGraceAfterCourse);

    public Uri ManageUrl(Course course, string reference) => Url(ManageRoute, ManageToken(course, reference));

    public string ClaimToken(string courseId, string reference, DateTimeOffset offerExpiresUtc) =>
        signer.Sign(ClaimPurpose, Subject(courseId, reference), offerExpiresUtc);

    public Uri ClaimUrl(string courseId, string reference, DateTimeOffset offerExpiresUtc) =>
        Url(ClaimRoute, ClaimToken(courseId, reference, offerExpiresUtc));

    /// <summary>The booking a manage token names, or why it does not open (malformed, forged, other purpose, expired).</summary>
    public BookingLinkCheck VerifyManage(string? token) => Verify(ManagePurpose, token);

    public BookingLinkCheck VerifyClaim(string? token) => Verify(ClaimPurpose, token);

    private BookingLinkCheck Verify(string purpose, string? token)
    {
        var link = signer.Verify(purpose, token);
        if (link.Check is not (LinkCheck.Valid or LinkCheck.Expired))
        {
            return new BookingLinkCheck(link.Check, null);
        }

        var parts = link.Subject!.Split('/');
        return parts.Length == 2 && CourseIdFormat.IsValid(parts[0]) && parts[1].Length is > 0 and <= 20
            ? new BookingLinkCheck(link.Check, new BookingKey(parts[0], parts[1]), link.ExpiresUtc)
            : new BookingLinkCheck(LinkCheck.Malformed, null);
    }

    private static string Subject(string courseId, string reference) => $"{courseId}/{reference}";

    private Uri Url(string route, string token) =>
        new($"{business.Value.PublicBaseUrl.TrimEnd('/')}/api/{route}?{TokenParameter}={Uri.EscapeDataString(token)}");
}

/// <summary>What a booking link's token came to: the booking it names when genuine (also when expired, to say so kindly).</summary>
public sealed record BookingLinkCheck(LinkCheck Check, BookingKey? Booking, DateTimeOffset? ExpiresUtc = null)
{
    public bool IsValid => Check == LinkCheck.Valid;
}
