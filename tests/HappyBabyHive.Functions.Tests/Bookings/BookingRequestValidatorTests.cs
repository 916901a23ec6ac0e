using HappyBabyHive.Bookings;
using HappyBabyHive.Validation;
using Microsoft.Extensions.Time.Testing;

namespace HappyBabyHive.Tests.Bookings;

public sealed class BookingRequestValidatorTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly BookingRequestValidator validator = new(Time);

    private static BookingRequest Valid() => new()
    {
        CourseId = "massage-test",
        ParentName = "Sam Smith",
        Email = "sam@example.co.uk",
        Phone = "07700 900123",
        BabyFirstName = "Ada",
        BabyDateOfBirth = "2026-09-01",
        AcceptTerms = true,
    };

    private IReadOnlyDictionary<string, string[]> Errors(BookingRequest request) => validator.Validate(request).ToFieldErrors();

    [Fact]
    public void A_complete_request_is_valid() => Assert.Empty(Errors(Valid()));

    [Fact]
    public void An_empty_request_names_every_required_field()
    {
        var errors = Errors(new BookingRequest());

        Assert.Equal(
            ["acceptTerms", "babyDateOfBirth", "babyFirstName", "courseId", "email", "parentName"],
            errors.Keys.Order());
        Assert.False(errors.ContainsKey("phone"));
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("Sam <sam@example.co.uk>")]
    [InlineData("sam@localhost")]
    [InlineData("sam@example.co.uk\r\nBcc: everyone@example.com")]
    [InlineData("sam @example.co.uk")]
    public void Email_addresses_must_be_plain_addresses(string email) =>
        Assert.True(Errors(Valid() with { Email = email }).ContainsKey("email"));

    [Theory]
    [InlineData("2026-13-01", "year-month-day")]
    [InlineData("01/09/2026", "year-month-day")]
    [InlineData("2026-11-26", "future")]
    [InlineData("2019-01-01", "year of birth")]
    public void Dates_of_birth_are_checked_with_a_helpful_message(string dateOfBirth, string expectedPhrase)
    {
        var message = Assert.Single(Errors(Valid() with { BabyDateOfBirth = dateOfBirth })["babyDateOfBirth"]);

        Assert.Contains(expectedPhrase, message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_baby_born_today_in_the_UK_is_not_in_the_future()
    {
        // 00:30 on 26 Nov in London is still 25 Nov in UTC: the UK date is what counts.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 0, 30, 0, TimeSpan.Zero));

        Assert.True(new BookingRequestValidator(time).Validate(Valid() with { BabyDateOfBirth = "2026-11-26" }).IsValid);
    }

    [Theory]
    [InlineData("Sam\nSmith")]
    [InlineData("   ")]
    public void Names_must_be_present_and_on_one_line(string name)
    {
        Assert.True(Errors(Valid() with { ParentName = name }).ContainsKey("parentName"));
        Assert.True(Errors(Valid() with { BabyFirstName = name }).ContainsKey("babyFirstName"));
    }

    [Fact]
    public void Overlong_fields_are_refused()
    {
        var errors = Errors(Valid() with { ParentName = new string('a', 101), BabyFirstName = new string('b', 51), Phone = new string('1', 31) });

        Assert.Equal(["babyFirstName", "parentName", "phone"], errors.Keys.Order());
    }

    [Theory]
    [InlineData("Massage-Test")]
    [InlineData("../etc")]
    [InlineData("a'b")]
    public void Course_ids_must_be_safe_ids(string courseId) =>
        Assert.True(Errors(Valid() with { CourseId = courseId }).ContainsKey("courseId"));

    [Fact]
    public void Terms_must_be_accepted() =>
        Assert.Contains("terms", Assert.Single(Errors(Valid() with { AcceptTerms = false })["acceptTerms"]), StringComparison.Ordinal);
}
