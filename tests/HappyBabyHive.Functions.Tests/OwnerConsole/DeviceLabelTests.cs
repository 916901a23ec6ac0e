using HappyBabyHive.OwnerConsole.SignIn;

namespace HappyBabyHive.Tests.OwnerConsole;

public sealed class DeviceLabelTests
{
    [Theory]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", "Safari on iPhone")]
    [InlineData("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36", "Chrome on Android")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36 Edg/140.0.0.0", "Edge on Windows")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:140.0) Gecko/20100101 Firefox/140.0", "Firefox on Mac")]
    [InlineData("curl/8.5.0", "Unknown browser")]
    [InlineData("", "Unknown browser")]
    [InlineData(null, "Unknown browser")]
    public void A_user_agent_becomes_a_coarse_label_without_versions(string? userAgent, string expected) =>
        Assert.Equal(expected, DeviceLabel.From(userAgent));
}
