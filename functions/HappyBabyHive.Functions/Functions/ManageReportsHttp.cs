using HappyBabyHive.Http;
using HappyBabyHive.Payments.Donations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Net.Http.Headers;

namespace HappyBabyHive.Functions;

/// <summary>Reports in the admin API (function keys): the charity donation report, as JSON or CSV.</summary>
public sealed class ManageReportsHttp(DonationReportService donations)
{
    [Function(nameof(GetDonationReport))]
    public async Task<IActionResult> GetDonationReport(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "manage/reports/donations")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var format = request.Query["format"].ToString();
        if (format.Length > 0 && format is not ("csv" or "json"))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "bad-format", "Unknown format.", "Use format=csv for a spreadsheet, or format=json (the default).");
        }

        var period = DonationPeriod.TryParse(request.Query["from"], request.Query["to"], null, out var problem);
        if (period is null)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "bad-period", "Please give the report's period as UK dates.", problem!);
        }

        var report = await donations.ReportAsync(period, cancellationToken);
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        if (format == "csv" || (format.Length == 0 && WantsCsv(request)))
        {
            request.HttpContext.Response.Headers.XContentTypeOptions = "nosniff";
            return new FileContentResult(DonationReportCsv.Write(report), DonationReportCsv.ContentType) { FileDownloadName = DonationReportCsv.FileName(period) };
        }

        return new OkObjectResult(DonationReportResponse.Of(report));
    }

    private static bool WantsCsv(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted) &&
        accepted.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));
}
