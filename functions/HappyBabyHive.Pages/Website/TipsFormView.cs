namespace HappyBabyHive.Pages.Website;

/// <summary>The weekly tips form as the parent left it, and what went wrong.</summary>
/// <param name="ConsentWording">The box's label: the wording whose version the subscription records with the consent.</param>
/// <param name="Result">The hidden "check your inbox" card forms.js shows after a fetch.</param>
public sealed record TipsFormModel(
    string? FirstName,
    string? Email,
    bool Consent,
    string? LeaveThisEmpty,
    FormProblems Problems,
    string ApiPath,
    string ConsentWording,
    TipsResultModel Result)
{
    /// <summary>The signed, time-stamped, one-use token the post must carry back (docs/abuse-resistance.md).</summary>
    public string? FormToken { get; init; }
}

/// <summary>"Check your inbox": the same words whether the address is new, waiting, subscribed or unsubscribed.</summary>
/// <param name="Message">The API's answer too, whatever the address's state, so neither reveals whether it is known.</param>
/// <param name="ConfirmLinkLifetime">How long the emailed confirm link works, in words, so the page promises no more.</param>
public sealed record TipsResultModel(bool Hidden, string Message, string ConfirmLinkLifetime);
