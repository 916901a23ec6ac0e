using HappyBabyHive.OwnerConsole.Pages;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.Pages.Console;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>The owner's signed-in devices: the list (this one marked), and signing one of them out.</summary>
public sealed class ConsoleDevicesHttp(ConsoleGuard guard, ConsoleSessions sessions, DevicesPage page)
{
    [Function(nameof(ConsoleDevices))]
    public Task<IActionResult> ConsoleDevices(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/devices")] HttpRequest request,
        CancellationToken cancellationToken) =>
        guard.SignedInAsync(request, async session => await page.RenderAsync(request, session, await sessions.DevicesAsync(session, cancellationToken)));

    [Function(nameof(ConsoleSignOutDevice))]
    public Task<IActionResult> ConsoleSignOutDevice(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/devices/sign-out")] HttpRequest request,
        CancellationToken cancellationToken) =>
        guard.PostedAsync(request, async post => await sessions.SignOutDeviceAsync(request, post.Session, post.Form.GetValueOrDefault(DevicesModel.DeviceField), cancellationToken) switch
        {
            null => await page.DeviceNotFoundAsync(request, post.Session),
            true => ConsoleGuard.SeeOther(request, ConsolePaths.SignIn(request) + "?signed-out=1"),
            false => await page.RenderAsync(request, post.Session, await sessions.DevicesAsync(post.Session, cancellationToken), "That device has been signed out."),
        }, cancellationToken);
}
