namespace HappyBabyHive.Pages.Website;

/// <summary>
/// Where Stripe Checkout sends a parent back to: "you're booked", "we're confirming your payment", or "payment not
/// finished, your place is held until…" with a button back to the payment page. Nothing personal is shown: the page
/// is found by Stripe's session id alone, so it names the course and the booking reference, never a name or address.
/// </summary>
/// <param name="Card">The card's heading.</param>
/// <param name="Paragraphs">The card's words.</param>
/// <param name="Problem">Draws the card as "something to do".</param>
/// <param name="Action">A link styled as a button (back to Checkout, or "check again"), or null.</param>
public sealed record CheckoutReturnModel(string Card, IReadOnlyList<string> Paragraphs, bool Problem = false, PageLink? Action = null);
