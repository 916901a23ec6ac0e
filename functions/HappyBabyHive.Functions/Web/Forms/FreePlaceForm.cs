using HappyBabyHive.FreePlaces;
using HappyBabyHive.Pages.Website;

namespace HappyBabyHive.Web.Forms;

/// <summary>What a family typed on the free-place form, kept exactly, and what went wrong.</summary>
public sealed record FreePlaceFormState : FamilyFormState
{
    public string? ReferralSource { get; init; }
    public string? Note { get; init; }
    public bool ConsentToStore { get; init; }

    public FreePlaceRequest ToRequest() => new()
    {
        CourseId = CourseId,
        ParentName = ParentName,
        Email = Email,
        Phone = Phone,
        BabyFirstName = BabyFirstName,
        BabyDateOfBirth = BabyDateOfBirth,
        ReferralSource = ReferralSource,
        Note = Note,
        ConsentToStore = ConsentToStore,
        LeaveThisEmpty = LeaveThisEmpty,
    };

    public static FreePlaceFormState FromForm(IReadOnlyDictionary<string, string> form) => ReadFamily(
        new FreePlaceFormState
        {
            ReferralSource = Posted(form, FieldNames.ReferralSource),
            Note = Posted(form, FieldNames.Note),
            ConsentToStore = IsTicked(form, FieldNames.ConsentToStore),
            IdempotencyKey = IdempotencyKeyFrom(form),
        },
        form);
}
