using HappyBabyHive.Http;
using HappyBabyHive.OwnerConsole.Pages;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.Registers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>A course's register in the console: the page (printable), its CSV and the payments CSV (session required).</summary>
public sealed class ConsoleRegisterHttp(ConsoleGuard guard, IRegisterService registers, RegisterPage page, ConsolePage layout)
{
    [Function(nameof(ConsoleRegister))]
    public Task<IActionResult> ConsoleRegister(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/courses/{courseId}/register")] HttpRequest request,
        string courseId,
        CancellationToken cancellationToken) =>
        guard.SignedInAsync(request, async session =>
            await registers.GetAsync(courseId, cancellationToken) is { } register
                ? await page.RenderAsync(request, session, register)
                : await layout.CourseNotFoundAsync(request, session));

    [Function(nameof(ConsoleRegisterCsv))]
    public Task<IActionResult> ConsoleRegisterCsv(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/courses/{courseId}/register/csv")] HttpRequest request,
        string courseId,
        CancellationToken cancellationToken) =>
        guard.SignedInAsync(request, async session =>
            await registers.GetAsync(courseId, cancellationToken) is { } register
                ? RegisterCsvDownload.For(register, request.HttpContext.Response)
                : await layout.CourseNotFoundAsync(request, session));

    [Function(nameof(ConsolePaymentsCsv))]
    public Task<IActionResult> ConsolePaymentsCsv(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/courses/{courseId}/payments/csv")] HttpRequest request,
        string courseId,
        CancellationToken cancellationToken) =>
        guard.SignedInAsync(request, async session =>
            await registers.GetAsync(courseId, cancellationToken) is { } register
                ? PaymentsCsvDownload.For(register, request.HttpContext.Response)
                : await layout.CourseNotFoundAsync(request, session));
}
