using FluentValidation;
using HappyBabyHive.Courses;
using HappyBabyHive.Validation;

namespace HappyBabyHive.Bookings;

public sealed class BookingRequestValidator : AbstractValidator<BookingRequest>
{
    public BookingRequestValidator(TimeProvider time)
    {
        RuleFor(r => r.CourseId)
            .Must(CourseIdFormat.IsValid).WithMessage("Please choose a course.");
        RuleFor(r => r.ParentName).PersonName("Please tell us your name.");
        RuleFor(r => r.Email).EmailAddress();
        RuleFor(r => r.Phone).OptionalPhone();
        RuleFor(r => r.BabyFirstName).PersonName("Please tell us your baby's first name.", FieldRules.MaxBabyNameLength);
        RuleFor(r => r.BabyDateOfBirth).DateOfBirth(time);
        RuleFor(r => r.PaymentMethod)
            .Must(m => string.IsNullOrEmpty(m) || PaymentChoice.TryParse(m, out _))
            .WithMessage("Please choose how you'd like to pay.");
        RuleFor(r => r.AcceptTerms).Equal(true).WithMessage("Please read and accept the booking terms to continue.");
    }
}
