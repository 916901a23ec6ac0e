using HappyBabyHive.WellbeingTips;
using HappyBabyHive.Pages.Website;

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
