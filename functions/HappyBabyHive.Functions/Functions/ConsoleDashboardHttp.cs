using HappyBabyHive.OwnerConsole.Pages;
using HappyBabyHive.OwnerConsole.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>The console's home page (session required).</summary>
public sealed class ConsoleDashboardHttp(ConsoleGuard guard, DashboardQuery dashboard, DashboardPage page)
{
    [Function(nameof(ConsoleDashboard))]
    public Task<IActionResult> ConsoleDashboard(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console")] HttpRequest request,
        CancellationToken cancellationToken) =>
        guard.SignedInAsync(request, async session => await page.RenderAsync(request, session, await dashboard.LoadAsync(cancellationToken)));
}
