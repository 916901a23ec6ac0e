using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace HappyBabyHive.Http;

/// <summary>
/// "Not now, try again" in one place: the Retry-After header (always whole seconds, at least 1) and the words people
/// read when storage is down, a course is too busy to change, or they have sent too much too fast. Every page, form
/// and API answer that asks someone to come back takes its header and wording from here, so they cannot drift apart.
/// </summary>
public static class TryAgain
{
    /// <summary>After a storage outage: matches the "try again in a minute" people read.</summary>
    public static readonly TimeSpan AfterOutage = TimeSpan.FromSeconds(60);

    /// <summary>After "too busy" (a course whose concurrency retries ran out): matches the "in a moment" people read.</summary>
    public static readonly TimeSpan AfterBusy = TimeSpan.FromSeconds(2);

    public const string InAMinute = "Please try again in a minute.";

    public const string OutageTitle = "We're having trouble just now";

    public const string OutageDetail = "We can't reach our booking system at the moment. " + InAMinute;

    /// <summary>A course whose partition is changing too fast for a booking (the concurrency retries ran out).</summary>
    public const string BookingBusy = "Lots of people are booking this course at once.";

    public const string NotBookedTwice = "you won't be booked twice.";

    public const string BusyTitle = "We're very busy right now";

    /// <summary>Anything else whose retries ran out because many changes met on one row: nothing was changed.</summary>
    public const string BusyDetail = "Lots of changes are happening at once. Nothing was changed; please try again in a moment.";

    /// <summary>A course too busy for the owner's change (console, review page, admin API).</summary>
    public const string CourseBusy = "Lots of changes are happening on this course at once. Nothing was changed; please try again.";

    /// <summary>
    /// When the payment page can't be opened for a booking: said the same way whether Stripe is down for a new booking
    /// or the family already has a booking (docs/abuse-resistance.md, "Same family without that key"), so the answer
    /// never tells someone probing with another family's details which it was. The family's inbox has the rest.
    /// </summary>
    public const string PaymentPageTitle = "We couldn't open the payment page just now.";

    public const string PaymentPageCheckInbox = "If you've already booked this course, we've emailed you about it: please check your inbox.";

    /// <summary>The problem detail (the website's script shows the title and detail together).</summary>
    public const string PaymentPageDetail = PaymentPageCheckInbox + " Otherwise, please try again in a few minutes; " + NotBookedTwice;

    /// <summary>The same words on the plain form page, naming its button.</summary>
    public static string PaymentPageOnForm(string button) =>
        $"{PaymentPageTitle} {PaymentPageCheckInbox} Otherwise, please press {button} again in a few minutes; {NotBookedTwice}";

    /// <summary>After "couldn't open the payment page": matches the "in a few minutes" people read.</summary>
    public static readonly TimeSpan AfterPaymentPage = TimeSpan.FromSeconds(60);

    /// <summary>Whole seconds to wait, rounded up and at least 1 (a Retry-After of 0 invites an instant retry).</summary>
    public static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    /// <summary>"Please wait 12 seconds" for a rate limit, from the same number the header carries.</summary>
    public static string PleaseWait(TimeSpan wait) => $"Please wait {Seconds(wait).ToString(CultureInfo.InvariantCulture)} seconds";

    public static void SetRetryAfter(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = Seconds(wait).ToString(CultureInfo.InvariantCulture);

    /// <summary>429 problem details with its Retry-After: what an API caller over the rate limit gets.</summary>
    public static ObjectResult TooManyRequests(HttpRequest request, TimeSpan wait)
    {
        SetRetryAfter(request.HttpContext.Response, wait);
        return Problems.TooManyRequests(wait);
    }
}
