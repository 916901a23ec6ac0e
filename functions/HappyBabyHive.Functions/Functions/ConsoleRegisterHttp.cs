using HappyBabyHive.Http;
using HappyBabyHive.OwnerConsole.Pages;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.Registers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>A course's register in the console: the page (printable) and the CSV download (session required).</summary>
public sealed class ConsoleRegisterHttp(ConsoleGuard guard, IRegisterService registers, RegisterPage page, ConsolePage layout)
{
    [Function(nameof(ConsoleRegister))]
    public async Task<IActionResult> ConsoleRegister(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/courses/{courseId}/register")] HttpRequest request,
        string courseId,
        CancellationToken cancellationToken)
    {
        var (session, refusal) = guard.RequireSession(request);
        if (session is null)
        {
            return refusal!;
        }

        var register = await registers.GetAsync(courseId, cancellationToken);
        return register is null ? layout.CourseNotFound(request, session) : page.Render(request, session, register);
    }

    [Function(nameof(ConsoleRegisterCsv))]
    public async Task<IActionResult> ConsoleRegisterCsv(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/courses/{courseId}/register/csv")] HttpRequest request,
        string courseId,
        CancellationToken cancellationToken)
    {
        var (session, refusal) = guard.RequireSession(request);
        if (session is null)
        {
            return refusal!;
        }

        var register = await registers.GetAsync(courseId, cancellationToken);
        if (register is null)
        {
            return layout.CourseNotFound(request, session);
        }

        return RegisterCsvDownload.For(register, request.HttpContext.Response);
    }
}
