using HappyBabyHive.OwnerConsole.Pages;
using HappyBabyHive.OwnerConsole.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>The charity donation report in the console: the page with its period picker, and its CSV (session required).</summary>
public sealed class ConsoleReportsHttp(ConsoleGuard guard, DonationReportPage page)
{
    [Function(nameof(ConsoleDonationReport))]
    public Task<IActionResult> ConsoleDonationReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/reports/donations")] HttpRequest request,
        CancellationToken cancellationToken) =>
        guard.SignedInAsync(request, session => page.RenderAsync(request, session, cancellationToken));

    [Function(nameof(ConsoleDonationReportCsv))]
    public Task<IActionResult> ConsoleDonationReportCsv(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/reports/donations/csv")] HttpRequest request,
        CancellationToken cancellationToken) =>
        guard.SignedInAsync(request, async session =>
            await page.CsvAsync(request, cancellationToken) as IActionResult ?? await page.RenderAsync(request, session, cancellationToken));
}
