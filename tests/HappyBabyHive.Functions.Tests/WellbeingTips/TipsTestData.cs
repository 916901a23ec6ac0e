using HappyBabyHive.Configuration;
using HappyBabyHive.Links;
using HappyBabyHive.WellbeingTips;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Tests.WellbeingTips;

internal static class TipsTestData
{
    public const string SigningKey = "/9SqxX/YZWxJ4M4ZIThSINOOEMrIytEhTS6zsfszMcWK3jdQGHd5oIrMiQygkgJ6";

    public static BusinessOptions Business { get; } = new()
    {
        Name = "The Happy Baby Hive",
        OwnerEmail = "owner@happybabyhive.test",
        PublicBaseUrl = "https://func-hbh.azurewebsites.net/",
    };

    public static SubscriptionLinks Links(TimeProvider time) => new(
        new LinkSigner(Options.Create(new LinkOptions { SigningKey = SigningKey }), time),
        Options.Create(Business),
        Options.Create(new WellbeingTipsOptions()));

    public static Subscriber Subscriber(string? firstName = "Sam", string email = "sam@example.co.uk") => new()
    {
        Key = SubscriberKeys.For(TestSettings.Hasher, email),
        Email = email,
        FirstName = firstName,
        Status = SubscriberStatus.Confirmed,
        ConsentId = "c0ffee",
    };

    public static TipPublication Publication(string title = "Serve and return", string body = "First paragraph.\n\nSecond paragraph.") =>
        TipPublication.Create(new IsoWeekId(2026, 48), new Tip
        {
            Id = "serve-and-return",
            Order = 2,
            Title = title,
            Theme = TipThemes.ServeAndReturn,
            BabyAgeFromWeeks = 0,
            BabyAgeToWeeks = 104,
            TryThisWeek = "Copy a sound back.",
            Signposting = false,
            Paragraphs = TipText.Paragraphs(body),
        }, 1, new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
}
