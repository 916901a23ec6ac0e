using HappyBabyHive.OwnerConsole.Sessions;
using Microsoft.AspNetCore.Http;
using static HappyBabyHive.Tests.OwnerConsole.ConsoleTestSupport;

namespace HappyBabyHive.Tests.OwnerConsole;

/// <summary>Sessions live on the server: signing out revokes them wherever the cookie is, and they time out.</summary>
public sealed class StoredSessionTests
{
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider clock = Clock();
    private readonly OwnerSessionCookie cookie;
    private readonly ConsoleSessions sessions;

    public StoredSessionTests()
    {
        cookie = Cookie(clock);
        sessions = ConsoleSessions(cookie);
    }

    /// <summary>Signs in on a new device, as using an emailed link does; returns that device's cookie value.</summary>
    private async Task<string> SignInOnNewDeviceAsync(string userAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/140.0 Safari/537.36")
    {
        var request = Request("POST", "/api/console/sign-in/link");
        request.Headers.UserAgent = userAgent;
        await sessions.SignInAsync(request, Owner, CancellationToken.None);
        return SetCookie(request).Value.ToString();
    }

    private async Task<SessionCheck> CheckAsync(string cookieValue) => (await sessions.ReadAsync(WithCookie(cookieValue), CancellationToken.None)).Check;

    private async Task<OwnerSession> SessionAsync(string cookieValue) => (await sessions.ReadAsync(WithCookie(cookieValue), CancellationToken.None)).Session!;

    [Fact]
    public async Task Signing_out_on_one_device_revokes_it_and_its_cookie_no_longer_works_while_the_other_device_stays_signed_in()
    {
        var phone = await SignInOnNewDeviceAsync();
        var laptop = await SignInOnNewDeviceAsync();

        var request = WithCookie(phone, "POST", "/api/console/sign-out");
        await sessions.SignOutAsync(request, await SessionAsync(phone), CancellationToken.None);

        Assert.Equal(SessionCheck.Revoked, await CheckAsync(phone));
        Assert.Equal(SessionCheck.Valid, await CheckAsync(laptop));
        Assert.Equal(string.Empty, SetCookie(request).Value.ToString());
    }

    [Fact]
    public async Task Signing_out_everywhere_revokes_every_device()
    {
        var devices = new[] { await SignInOnNewDeviceAsync(), await SignInOnNewDeviceAsync(), await SignInOnNewDeviceAsync() };

        await sessions.SignOutEverywhereAsync(WithCookie(devices[0], "POST"), await SessionAsync(devices[0]), CancellationToken.None);

        foreach (var device in devices)
        {
            Assert.Equal(SessionCheck.Revoked, await CheckAsync(device));
        }

        Assert.All(cookie.Store().Rows, row => Assert.True(row.IsRevoked));
    }

    [Fact]
    public async Task A_session_unused_for_the_idle_timeout_ends()
    {
        var device = await SignInOnNewDeviceAsync();

        clock.Advance(TimeSpan.FromHours(12) - TimeSpan.FromSeconds(1));
        Assert.Equal(SessionCheck.Valid, await CheckAsync(device));

        // That use moved last-seen forward, so the next 12 hours start now.
        clock.Advance(TimeSpan.FromHours(12) - TimeSpan.FromSeconds(1));
        Assert.Equal(SessionCheck.Valid, await CheckAsync(device));

        clock.Advance(TimeSpan.FromHours(12));
        Assert.Equal(SessionCheck.IdleTimedOut, await CheckAsync(device));
    }

    [Fact]
    public async Task A_session_in_daily_use_still_ends_at_its_absolute_lifetime()
    {
        var device = await SignInOnNewDeviceAsync();

        for (var hours = 6; hours < 7 * 24; hours += 6)
        {
            clock.Advance(TimeSpan.FromHours(6));
            Assert.Equal(SessionCheck.Valid, await CheckAsync(device));
        }

        clock.Advance(TimeSpan.FromHours(6));
        Assert.Equal(SessionCheck.Expired, await CheckAsync(device));
    }

    [Fact]
    public async Task Last_seen_is_written_at_most_once_per_touch_interval()
    {
        var device = await SignInOnNewDeviceAsync();

        for (var i = 0; i < 10; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(50));
            await CheckAsync(device);
        }

        // 500 s of page views: one write when five minutes had passed, none for the rest.
        Assert.Equal(1, cookie.Store().Touches);
    }

    [Fact]
    public async Task A_genuine_cookie_whose_session_is_not_stored_is_refused()
    {
        var device = await SignInOnNewDeviceAsync();
        var elsewhere = ConsoleSessions(Cookie(clock));

        Assert.Equal(SessionCheck.Unknown, (await elsewhere.ReadAsync(WithCookie(device), CancellationToken.None)).Check);
    }

    [Fact]
    public async Task Signing_in_again_in_the_same_browser_replaces_its_session()
    {
        var first = await SignInOnNewDeviceAsync();
        var request = WithCookie(first, "POST", "/api/console/sign-in/link");

        await sessions.SignInAsync(request, Owner, CancellationToken.None);

        Assert.Equal(SessionCheck.Revoked, await CheckAsync(first));
        Assert.Equal(SessionCheck.Valid, await CheckAsync(SetCookie(request).Value.ToString()));
    }

    [Fact]
    public async Task The_devices_list_marks_this_device_and_names_browsers_coarsely()
    {
        var phone = await SignInOnNewDeviceAsync("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1");
        clock.Advance(TimeSpan.FromMinutes(1));
        await SignInOnNewDeviceAsync("Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0");

        var devices = await sessions.DevicesAsync(await SessionAsync(phone), CancellationToken.None);

        Assert.Equal(["Firefox on Linux", "Safari on iPhone"], devices.Select(d => d.Device));
        Assert.Equal([false, true], devices.Select(d => d.IsThisDevice));
        Assert.DoesNotContain(devices, d => cookie.Store().Rows.Any(r => d.Handle.Contains(r.SessionId, StringComparison.Ordinal) || r.SessionId.Contains(d.Handle, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Signing_out_another_device_from_the_list_revokes_only_that_one()
    {
        var phone = await SignInOnNewDeviceAsync();
        var laptop = await SignInOnNewDeviceAsync();
        var session = await SessionAsync(laptop);
        var phoneHandle = (await sessions.DevicesAsync(session, CancellationToken.None)).Single(d => !d.IsThisDevice).Handle;

        var request = WithCookie(laptop, "POST");
        var wasThisDevice = await sessions.SignOutDeviceAsync(request, session, phoneHandle, CancellationToken.None);

        Assert.False(wasThisDevice);
        Assert.Equal(SessionCheck.Revoked, await CheckAsync(phone));
        Assert.Equal(SessionCheck.Valid, await CheckAsync(laptop));
        Assert.Empty(request.HttpContext.Response.Headers.SetCookie.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-handle")]
    public async Task An_unknown_device_handle_signs_nothing_out(string? handle)
    {
        var device = await SignInOnNewDeviceAsync();

        Assert.Null(await sessions.SignOutDeviceAsync(WithCookie(device, "POST"), await SessionAsync(device), handle, CancellationToken.None));
        Assert.Equal(SessionCheck.Valid, await CheckAsync(device));
    }

    [Fact]
    public async Task A_sign_in_is_recent_for_fifteen_minutes()
    {
        var device = await SignInOnNewDeviceAsync();

        clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        Assert.True(sessions.IsRecentSignIn(await SessionAsync(device)));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(sessions.IsRecentSignIn(await SessionAsync(device)));
    }
}
