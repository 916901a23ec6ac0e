using FluentValidation;
using HappyBabyHive.Configuration;
using HappyBabyHive.Courses;
using HappyBabyHive.Validation;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.FreePlaces;

public sealed class FreePlaceRequestValidator : AbstractValidator<FreePlaceRequest>
{
    /// <summary>The course id that means "any suitable upcoming course". Real ids are "{key}-{date}", so it never clashes.</summary>
    public const string AnyCourse = "any";

    public const int MaxNoteLength = 1000;

    public FreePlaceRequestValidator(TimeProvider time, IOptions<FreePlaceOptions> options)
    {
        RuleFor(r => r.CourseId)
            .Must(CourseIdFormat.IsValid).WithMessage("Please choose a course, or \"any suitable upcoming course\".");
        RuleFor(r => r.ParentName).PersonName("Please tell us your name.");
        RuleFor(r => r.Email).EmailAddress();
        RuleFor(r => r.Phone).OptionalPhone();
        RuleFor(r => r.BabyFirstName).PersonName("Please tell us your baby's first name.", FieldRules.MaxBabyNameLength);
        RuleFor(r => r.BabyDateOfBirth).DateOfBirth(time);
        RuleFor(r => r.ReferralSource)
            .Must(v => ReferralSources.TryParse(v, out _))
            .WithMessage("Please tell us how you heard about us: Mind Hull and East Yorkshire, a health visitor, a GP or midwife, yourself, or other.");
        RuleFor(r => r.Note).FreeText(MaxNoteLength);
        RuleFor(r => r.ConsentToStore).Equal(true)
            .WithMessage($"Please agree to us keeping your request so we can consider it. We delete your note {options.Value.NoteRetentionDays} days after we decide.");
    }
}
