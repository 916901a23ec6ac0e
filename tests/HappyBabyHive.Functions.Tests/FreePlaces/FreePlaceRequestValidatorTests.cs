using HappyBabyHive.Configuration;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Validation;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HappyBabyHive.Tests.FreePlaces;

public sealed class FreePlaceRequestValidatorTests
{
    private readonly FreePlaceRequestValidator validator = new(new FakeTimeProvider(new DateTimeOffset(2027, 2, 1, 9, 0, 0, TimeSpan.Zero)), Options.Create(new FreePlaceOptions { NoteRetentionDays = 45 }));

    private static FreePlaceRequest Valid() => new()
    {
        CourseId = "massage-cottingham-tue-2027-03-02",
        ParentName = "Jo Bloggs",
        Email = "jo@example.co.uk",
        Phone = "07700 900456",
        BabyFirstName = "Ada",
        BabyDateOfBirth = "2026-12-01",
        ReferralSource = "MindHullAndEastYorkshire",
        Note = "A short note.\r\nOn two lines.",
        ConsentToStore = true,
    };

    private string[] ErrorsFor(FreePlaceRequest request) =>
        validator.Validate(request).Errors.Select(e => e.PropertyName).Distinct().Order().ToArray();

    [Fact]
    public void A_complete_request_is_valid() => Assert.Empty(ErrorsFor(Valid()));

    [Fact]
    public void Any_suitable_course_and_no_note_or_phone_are_fine() =>
        Assert.Empty(ErrorsFor(Valid() with { CourseId = FreePlaceRequestValidator.AnyCourse, Note = null, Phone = null }));

    [Theory]
    [InlineData("MindHullAndEastYorkshire")]
    [InlineData("healthvisitor")]
    [InlineData("GpOrMidwife")]
    [InlineData("Self")]
    [InlineData("Other")]
    public void Every_referral_source_is_accepted(string source) => Assert.Empty(ErrorsFor(Valid() with { ReferralSource = source }));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Facebook")]
    [InlineData("2")]
    public void An_unknown_referral_source_is_refused(string? source) =>
        Assert.Equal(["ReferralSource"], ErrorsFor(Valid() with { ReferralSource = source }));

    [Fact]
    public void Consent_to_store_is_required_and_the_message_gives_the_configured_retention()
    {
        var result = validator.Validate(Valid() with { ConsentToStore = false });

        var error = Assert.Single(result.Errors);
        Assert.Equal("ConsentToStore", error.PropertyName);
        Assert.Contains("We delete your note 45 days after we decide.", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_note_of_1000_characters_is_fine_and_1001_is_too_long()
    {
        Assert.Empty(ErrorsFor(Valid() with { Note = new string('a', 1000) }));
        Assert.Equal(["Note"], ErrorsFor(Valid() with { Note = new string('a', 1001) }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \r\n ")]
    public void An_empty_note_as_a_form_posts_it_is_no_note(string note) => Assert.Empty(ErrorsFor(Valid() with { Note = note }));

    [Fact]
    public void A_note_with_control_characters_is_refused() => Assert.Equal(["Note"], ErrorsFor(Valid() with { Note = "hi\u0007there" }));

    [Fact]
    public void Missing_everything_names_every_required_field() =>
        Assert.Equal(
            ["BabyDateOfBirth", "BabyFirstName", "ConsentToStore", "CourseId", "Email", "ParentName", "ReferralSource"],
            ErrorsFor(new FreePlaceRequest()));

    [Fact]
    public void A_name_with_a_line_break_is_refused_so_it_can_never_reach_an_email_header() =>
        Assert.Equal(["ParentName"], ErrorsFor(Valid() with { ParentName = "Jo\r\nBcc: everyone@example.com" }));

    [Fact]
    public void A_course_id_that_is_not_a_safe_key_is_refused() => Assert.Equal(["CourseId"], ErrorsFor(Valid() with { CourseId = "../admin" }));

    [Fact]
    public void Free_text_is_trimmed_with_unix_line_endings_and_blank_becomes_null()
    {
        Assert.Equal("a\nb", FreeTextRules.Normalise("  a\r\nb  "));
        Assert.Null(FreeTextRules.Normalise("   \r\n "));
    }

    [Fact]
    public void Request_ids_are_safe_keys_and_an_idempotency_key_always_names_the_same_request()
    {
        var id = FreePlaceRequestIds.New();

        Assert.True(FreePlaceRequestIds.IsValid(id));
        Assert.True(HappyBabyHive.Courses.CourseIdFormat.IsValid(id));
        Assert.NotEqual(id, FreePlaceRequestIds.New());
        Assert.Equal(FreePlaceRequestIds.ForIdempotencyKey("key-1"), FreePlaceRequestIds.ForIdempotencyKey("key-1"));
        Assert.NotEqual(FreePlaceRequestIds.ForIdempotencyKey("key-1"), FreePlaceRequestIds.ForIdempotencyKey("key-2"));
        Assert.False(FreePlaceRequestIds.IsValid("massage-2027"));

        // Pinned: a request already stored under a key must be found again by the same key after an upgrade.
        Assert.Equal("fp-g9465h4bnq", FreePlaceRequestIds.ForIdempotencyKey("key-1"));
    }
}
