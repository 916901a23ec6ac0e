using FsCheck;
using FsCheck.Xunit;
using HappyBabyHive.Bookings;
using HappyBabyHive.Validation;
using Microsoft.Extensions.Time.Testing;

namespace HappyBabyHive.IntegrationTests.Hostile;

/// <summary>
/// The rules every public form shares, for all strings FsCheck can make: a line break or any other control character
/// never passes as a name or an email address, so it can never reach an email header.
/// </summary>
public sealed class FieldRuleProperties
{
    private static readonly BookingRequestValidator Validator = new(new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero)));

    [Property(MaxTest = 500)]
    public bool A_name_or_email_with_a_control_character_is_always_refused(NonNull<string> before, NonNull<string> after, char control)
    {
        var value = before.Get + (char.IsControl(control) ? control : '\n') + after.Get;
        var result = Validator.Validate(new BookingRequest
        {
            CourseId = "massage-test",
            ParentName = value,
            Email = value,
            BabyFirstName = value,
            BabyDateOfBirth = "2026-09-14",
            AcceptTerms = true,
        });

        var refused = result.Errors.Select(e => e.PropertyName).ToHashSet(StringComparer.Ordinal);
        return refused.IsSupersetOf(["ParentName", "Email", "BabyFirstName"]) && !FieldRules.IsPlainEmailAddress(value);
    }
}
