using HappyBabyHive.OwnerConsole.Sessions;
using Microsoft.Net.Http.Headers;
using static HappyBabyHive.Tests.OwnerConsole.ConsoleTestSupport;

namespace HappyBabyHive.Tests.OwnerConsole;

public sealed class OwnerSessionCookieTests
{
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider clock = Clock();

    private string IssueValue(OwnerSessionCookie? cookie = null, string owner = Owner)
    {
        var request = Request("POST", "/api/console/sign-in/link");
        (cookie ?? Cookie(clock)).Issue(request, owner);
        return SetCookie(request).Value.ToString();
    }

    [Fact]
    public void The_cookie_is_http_only_secure_strict_limited_to_the_console_and_lasts_the_session_lifetime()
    {
        var request = Request("POST", "/api/console/sign-in/link");

        Cookie(clock).Issue(request, Owner);

        var cookie = SetCookie(request);
        Assert.True(cookie.HttpOnly);
        Assert.True(cookie.Secure);
        Assert.Equal(SameSiteMode.Strict, cookie.SameSite);
        Assert.Equal("/api/console", cookie.Path.ToString());
        Assert.Equal(TimeSpan.FromDays(7), cookie.MaxAge);
        Assert.StartsWith("__Secure-", cookie.Name.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_cookie_path_follows_the_route_prefix_the_host_uses()
    {
        var request = Request("POST", "/console/sign-in/link");

        Cookie(clock).Issue(request, Owner);

        Assert.Equal("/console", SetCookie(request).Path.ToString());
    }

    [Fact]
    public void The_cookie_holds_neither_the_address_nor_anything_readable_about_her()
    {
        var value = IssueValue();
        var payload = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(value.Split('.')[0]));

        Assert.DoesNotContain("owner", payload.Split('\n')[2], StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@", payload, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fresh_session_is_valid_and_reads_back_from_the_request()
    {
        var value = IssueValue();

        var (check, session) = Cookie(clock).Read(WithCookie(value));

        Assert.Equal(SessionCheck.Valid, check);
        Assert.Equal(clock.GetUtcNow().AddDays(7), session!.ExpiresUtc);
    }

    [Fact]
    public void A_session_expires_after_its_lifetime()
    {
        var value = IssueValue();

        clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        Assert.Equal(SessionCheck.Valid, Cookie(clock).Verify(value).Check);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((SessionCheck.Expired, null), Cookie(clock).Verify(value));
    }

    [Fact]
    public void The_lifetime_is_configurable()
    {
        var value = IssueValue(Cookie(clock, lifetime: TimeSpan.FromDays(2)));

        clock.Advance(TimeSpan.FromDays(2));

        Assert.Equal(SessionCheck.Expired, Cookie(clock).Verify(value).Check);
    }

    [Fact]
    public void A_cookie_with_a_later_expiry_written_in_is_refused()
    {
        var value = IssueValue();
        var fields = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(value.Split('.')[0])).Split('\n');
        fields[3] = "9999999999";
        var forged = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', fields))) + value[value.IndexOf('.', StringComparison.Ordinal)..];

        Assert.Equal((SessionCheck.BadSignature, null), Cookie(clock).Verify(forged));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(-3)]
    public void A_cookie_changed_anywhere_is_refused(int position)
    {
        var value = IssueValue();
        var at = position < 0 ? value.Length + position : position;
        var tampered = value[..at] + (value[at] == 'A' ? 'B' : 'A') + value[(at + 1)..];

        var (check, session) = Cookie(clock).Verify(tampered);

        Assert.Null(session);
        Assert.Contains(check, new[] { SessionCheck.BadSignature, SessionCheck.Malformed });
    }

    [Theory]
    [InlineData(null, SessionCheck.Missing)]
    [InlineData("", SessionCheck.Missing)]
    [InlineData("not-a-session", SessionCheck.Malformed)]
    [InlineData("a.b.c", SessionCheck.Malformed)]
    [InlineData("!!!.???", SessionCheck.Malformed)]
    public void Junk_is_refused(string? value, SessionCheck expected)
    {
        Assert.Equal((expected, null), Cookie(clock).Verify(value));
    }

    [Fact]
    public void Rotating_the_signing_key_signs_every_device_out_even_while_the_old_key_still_verifies_links()
    {
        var value = IssueValue(Cookie(clock, key: Key));

        var afterRotation = Cookie(clock, key: "cZLVujAcXU+p0P6s8Rn7V7jajNvaDubLdOVCRrxvPwK6osIAjlKMNdIvVegCHfvk", previousKey: Key);

        Assert.Equal((SessionCheck.BadSignature, null), afterRotation.Verify(value));
    }

    [Fact]
    public void A_session_ends_when_its_address_is_no_longer_an_owner()
    {
        var value = IssueValue(Cookie(clock, owners: Owners("first@happybabyhive.test", "second@happybabyhive.test")), owner: "Second@HappyBabyHive.test ");

        Assert.Equal(SessionCheck.Valid, Cookie(clock, owners: Owners("first@happybabyhive.test", "second@happybabyhive.test")).Verify(value).Check);
        Assert.Equal((SessionCheck.NotAnOwner, null), Cookie(clock, owners: Owners("first@happybabyhive.test")).Verify(value));
    }

    [Fact]
    public void The_csrf_token_is_the_sessions_own()
    {
        var cookie = Cookie(clock);
        var mine = cookie.Verify(IssueValue()).Session!;
        var another = cookie.Verify(IssueValue()).Session!;

        Assert.True(OwnerSessionCookie.IsValidCsrfToken(mine, mine.CsrfToken));
        Assert.NotEqual(mine.CsrfToken, another.CsrfToken);
        Assert.False(OwnerSessionCookie.IsValidCsrfToken(mine, another.CsrfToken));
        Assert.False(OwnerSessionCookie.IsValidCsrfToken(mine, null));
        Assert.False(OwnerSessionCookie.IsValidCsrfToken(mine, string.Empty));
        Assert.False(OwnerSessionCookie.IsValidCsrfToken(mine, mine.CsrfToken[..^1]));
    }

    [Fact]
    public void The_csrf_token_changes_with_the_signing_key()
    {
        var value = IssueValue();
        var before = Cookie(clock).Verify(value).Session!;

        var sameSessionOtherKey = Cookie(clock, key: "cZLVujAcXU+p0P6s8Rn7V7jajNvaDubLdOVCRrxvPwK6osIAjlKMNdIvVegCHfvk");
        var request = Request("POST", "/api/console/sign-in/link");
        var rotated = sameSessionOtherKey.Issue(request, Owner);

        Assert.NotEqual(before.CsrfToken, rotated.CsrfToken);
    }

    [Fact]
    public void Clearing_expires_the_cookie_on_the_console_path()
    {
        var request = Request("POST", "/api/console/sign-out");

        OwnerSessionCookie.Clear(request);

        var cookie = SetCookie(request);
        Assert.Equal(string.Empty, cookie.Value.ToString());
        Assert.Equal("/api/console", cookie.Path.ToString());
        Assert.True(cookie.Expires == DateTimeOffset.UnixEpoch || cookie.MaxAge <= TimeSpan.Zero);
    }
}
