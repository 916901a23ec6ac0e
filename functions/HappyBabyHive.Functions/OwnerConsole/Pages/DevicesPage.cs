using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.Pages.Console;
using HappyBabyHive.Time;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.OwnerConsole.Pages;

/// <summary>The devices page: every device the owner is signed in on (this one marked), each with its own Sign out.</summary>
public sealed class DevicesPage(ConsolePage page, IOptions<OwnerConsoleOptions> options)
{
    public Task<ContentResult> RenderAsync(HttpRequest request, OwnerSession session, IReadOnlyList<SignedInDevice> devices, string? flash = null)
    {
        var root = ConsolePaths.Base(request);
        var model = new DevicesModel(
            devices.Select(d => new DeviceItem(d.Handle, d.Device, When(d.SignedInUtc), When(d.LastSeenUtc), d.IsThisDevice)).ToList(),
            root + "/devices/sign-out",
            ConsolePaths.SignOutEverywhere(request),
            session.CsrfToken,
            (int)Math.Round(options.Value.SessionIdleTimeout.TotalHours),
            (int)Math.Round(options.Value.SessionLifetime.TotalDays))
        {
            Flash = flash,
        };
        return page.RenderAsync<Devices>(request, session, ConsoleSection.Devices, "Signed-in devices", model);
    }

    public Task<ContentResult> DeviceNotFoundAsync(HttpRequest request, OwnerSession session) =>
        page.NoticeAsync(request, session, "That device is already signed out", NoticeKind.DeviceNotFound, StatusCodes.Status404NotFound);

    private static string When(DateTimeOffset utc) => $"{UkDateFormat.DayAndDate(utc)} at {UkDateFormat.Clock(utc)}";
}
