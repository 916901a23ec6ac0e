using System.Text;
using HappyBabyHive.WellbeingTips;
using static HappyBabyHive.Web.Forms.FormFields;
using static HappyBabyHive.Web.HtmlPage;

namespace HappyBabyHive.Web.Forms;

/// <summary>What a parent typed on the tips form, kept exactly, and what went wrong.</summary>
public sealed record TipsFormState : FormState
{
    public string? Email { get; init; }
    public string? FirstName { get; init; }
    public bool Consent { get; init; }

    public SubscriptionRequest ToRequest() => new()
    {
        Email = Email,
        FirstName = FirstName,
        Consent = Consent,
        LeaveThisEmpty = LeaveThisEmpty,
    };

    public static TipsFormState FromForm(IReadOnlyDictionary<string, string> form) => new()
    {
        Email = Posted(form, FieldNames.Email),
        FirstName = Posted(form, FieldNames.FirstName),
        Consent = IsTicked(form, FieldNames.Consent),
        LeaveThisEmpty = Posted(form, FieldNames.LeaveThisEmpty),
    };
}

/// <summary>
/// The weekly tips sign-up form and its "check your inbox" view. The box's label is <see cref="ConsentWording.Text"/>,
/// the wording whose version the subscription service records with the consent. No idempotency key: asking twice
/// for the same address is harmless (the service answers the same and sends no second email within its window).
/// </summary>
public static class TipsFormView
{
    public const string Title = "Weekly wellbeing tips";
    public const string ButtonText = "Send me the tips";
    public const string ConfirmationTitle = "Check your inbox";

    public static readonly IReadOnlyList<string> FieldOrder = [FieldNames.FirstName, FieldNames.Email, FieldNames.Consent];

    /// <param name="confirmLinkLifetime">How long the emailed confirm link works, so the page promises no more.</param>
    public static string Render(TipsFormState state, string apiPath, TimeSpan confirmLinkLifetime)
    {
        var html = new StringBuilder();
        html.Append(ErrorSummary(state, FieldOrder));
        var behaviour = new FormBehaviour("tips", "tips", apiPath, "We couldn't send your details. Please check your connection and try again.");
        html.Append(FormStart(behaviour, idempotencyKey: null, "It takes a few seconds. Your first name is optional."));
        html.Append("<p>A short, kind tip every Monday morning for you and your baby: touch and massage, play, sleep, and looking after yourself too. It's free, and you can stop whenever you like.</p>");
        html.Append(TextField(state, FieldNames.FirstName, "Your first name (optional)", state.FirstName, "text", "given-name", "So we can say hello."));
        html.Append(TextField(state, FieldNames.Email, "Email address", state.Email, "email", "email", "We'll send the tips here.", extra: " spellcheck=\"false\" autocapitalize=\"off\""));
        html.Append(Checkbox(state, FieldNames.Consent, state.Consent, H(ConsentWording.Text),
            "We'll email you a link to press first, so nobody can sign you up without you knowing."));
        html.Append(FormEnd(state, ButtonText, "Sending…"));
        html.Append(ConfirmationSection(hidden: true, confirmLinkLifetime));
        return html.ToString();
    }

    public static string RenderConfirmation(TimeSpan confirmLinkLifetime) => ConfirmationSection(hidden: false, confirmLinkLifetime);

    // The same words whether the address is new, waiting, subscribed or unsubscribed: the page reveals nothing.
    private static string ConfirmationSection(bool hidden, TimeSpan confirmLinkLifetime)
    {
        var body = $"""
            <p data-slot="message">{H(Functions.PublicSubscriptionsHttp.AcceptedMessage)}</p>
            <h3>What happens next</h3>
            <ul>
            <li>Nothing is sent until you press the button in that email.</li>
            <li>The link in it works for {H(Text.Durations.InWords(confirmLinkLifetime))}.</li>
            {CheckSpamHtml}
            </ul>
            """;
        return ResultCard("Nearly done", body, hidden, new Dictionary<string, string> { [string.Empty] = ConfirmationTitle });
    }
}
