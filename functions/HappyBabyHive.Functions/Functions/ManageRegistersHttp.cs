using HappyBabyHive.Http;
using HappyBabyHive.Registers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Net.Http.Headers;

namespace HappyBabyHive.Functions;

/// <summary>Registers and recent bookings in the admin API (function keys). Personal data: never cached.</summary>
public sealed class ManageRegistersHttp(IRegisterService registers, TimeProvider time)
{
    public const int MaxRecentDays = 90;

    [Function(nameof(GetCourseRegister))]
    public async Task<IActionResult> GetCourseRegister(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ManageCoursesHttp.RoutePrefix + "/{courseId}/register")] HttpRequest request,
        string courseId,
        CancellationToken cancellationToken)
    {
        var format = request.Query["format"].ToString();
        if (format.Length > 0 && format is not ("csv" or "json"))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "bad-format", "Unknown format.", "Use format=csv for a spreadsheet, or format=json (the default).");
        }

        var register = await registers.GetAsync(courseId, cancellationToken);
        if (register is null)
        {
            return Problems.NotFound("course");
        }

        request.HttpContext.Response.Headers.CacheControl = "no-store";
        if (format == "csv" || (format.Length == 0 && WantsCsv(request)))
        {
            return RegisterCsvDownload.For(register, request.HttpContext.Response);
        }

        return new OkObjectResult(RegisterResponse.From(register));
    }

    /// <summary>The course's payments as CSV (the same file as the console's download).</summary>
    [Function(nameof(GetCoursePayments))]
    public async Task<IActionResult> GetCoursePayments(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ManageCoursesHttp.RoutePrefix + "/{courseId}/payments")] HttpRequest request,
        string courseId,
        CancellationToken cancellationToken)
    {
        var register = await registers.GetAsync(courseId, cancellationToken);
        return register is null ? Problems.NotFound("course") : PaymentsCsvDownload.For(register, request.HttpContext.Response);
    }

    [Function(nameof(ListRecentBookings))]
    public async Task<IActionResult> ListRecentBookings(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "manage/bookings/recent")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var daysText = request.Query["days"].ToString();
        var days = 7;
        if (daysText.Length > 0 && (!int.TryParse(daysText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out days) || days is < 1 or > MaxRecentDays))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "bad-days", "Please give a number of days.", $"Use days=1 to days={MaxRecentDays}, e.g. days=7.");
        }

        request.HttpContext.Response.Headers.CacheControl = "no-store";
        var recent = await registers.ListRecentAsync(time.GetUtcNow().AddDays(-days), cancellationToken);
        return new OkObjectResult(recent.Select(RecentBookingResponse.From));
    }

    private static bool WantsCsv(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted) &&
        accepted.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));
}
