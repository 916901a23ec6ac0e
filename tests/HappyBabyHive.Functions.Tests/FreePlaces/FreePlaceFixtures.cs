using HappyBabyHive.Configuration;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Links;
using HappyBabyHive.Web;
using HappyBabyHive.Web.Pages;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HappyBabyHive.Tests.FreePlaces;

/// <summary>Shared pieces for the free-place unit tests: a fixed clock, real link signing and real page rendering.</summary>
public sealed class FreePlaceFixtures
{
    /// <summary>Markup and quotes in every field a family or owner can type, to prove everything is encoded.</summary>
    public const string Hostile = "<script>alert('x')</script> & \"Sam\" <img src=x onerror=alert(1)>";

    public const string Note = "PRIVATE-NOTE: I've had a hard time since the birth <b>and</b> my partner left.";

    public FakeTimeProvider Clock { get; } = TestClock.AtUtc(2027, 2, 1, 9, 0);

    public BusinessOptions Business { get; } = new()
    {
        Name = "The Happy Baby Hive",
        OwnerEmail = "owner@happybabyhive.test",
        PublicBaseUrl = "https://hive.example/",
    };

    public FreePlaceOptions Options { get; } = new() { DeclineSignposting = "SIGNPOST: talk to your health visitor." };

    public LinkSigner Signer(string key = "/9SqxX/YZWxJ4M4ZIThSINOOEMrIytEhTS6zsfszMcWK3jdQGHd5oIrMiQygkgJ6") =>
        new(Microsoft.Extensions.Options.Options.Create(new LinkOptions { SigningKey = key }), Clock);

    public FreePlaceReviewLinks Links(string key = "/9SqxX/YZWxJ4M4ZIThSINOOEMrIytEhTS6zsfszMcWK3jdQGHd5oIrMiQygkgJ6") =>
        new(Signer(key), Microsoft.Extensions.Options.Options.Create(Business), Microsoft.Extensions.Options.Options.Create(Options));

    public PageResults Pages() => HappyBabyHive.TestSupport.TestPages.Results(
        Microsoft.Extensions.Options.Options.Create(new BrandingOptions()),
        Microsoft.Extensions.Options.Options.Create(Business),
        Microsoft.Extensions.Options.Options.Create(new WebsiteOptions()));

    public FreePlaceReviewPage ReviewPage() => new(Pages(), Microsoft.Extensions.Options.Options.Create(Options), Clock);

    public static FreePlaceRequestRecord Request(string name = "Jo Bloggs", string baby = "Ada", string? note = Note, FreePlaceStatus status = FreePlaceStatus.Pending, string? preferred = "massage-test") => new()
    {
        Id = "fp-k7m3q9xpa2",
        Status = status,
        ParentName = name,
        Email = "jo@example.co.uk",
        Phone = "07700 900456",
        BabyFirstName = baby,
        BabyDateOfBirth = new DateOnly(2026, 12, 1),
        PreferredCourseId = preferred,
        ReferralSource = ReferralSource.HealthVisitor,
        Note = note,
        CreatedUtc = new DateTimeOffset(2027, 1, 30, 12, 0, 0, TimeSpan.Zero),
        ConsentToStoreUtc = new DateTimeOffset(2027, 1, 30, 12, 0, 0, TimeSpan.Zero),
    };
}
