using HappyBabyHive.Configuration;
using HappyBabyHive.Courses;
using HappyBabyHive.Links;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Tests.Support;

/// <summary>The app's signed booking links over a fixed test key, at the local base address.</summary>
public static class TestBookingLinks
{
    public const string BaseUrl = "http://127.0.0.1:7071";

    private const string SigningKey = "cZLVujAcXU+p0P6s8Rn7V7jajNvaDubLdOVCRrxvPwK6osIAjlKMNdIvVegCHfvk";

    /// <summary>The business settings the links are made under: the test owner, at <see cref="BaseUrl"/>.</summary>
    public static IOptions<BusinessOptions> Business { get; } =
        Options.Create(new BusinessOptions { OwnerEmail = "owner@happybabyhive.test", PublicBaseUrl = BaseUrl });

    public static BookingLinks Create(TimeProvider time) =>
        new(new LinkSigner(Options.Create(new LinkOptions { SigningKey = SigningKey }), time), Business);
}
