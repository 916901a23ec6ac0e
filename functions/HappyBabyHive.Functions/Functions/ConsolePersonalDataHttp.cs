using HappyBabyHive.OwnerConsole.Pages;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.Pages.Console;
using HappyBabyHive.Privacy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>
/// Export and erase by email address in the console (issue 17): the form, the JSON download, the confirm step (which
/// changes nothing) and the erasure. Every step needs a recent emailed sign-in, as a free-place note does, and the
/// address travels in POST bodies only.
/// </summary>
public sealed class ConsolePersonalDataHttp(ConsoleGuard guard, PersonalDataService personalData, PersonalDataPage page)
{
    public const string Route = "console/personal-data";

    [Function(nameof(ConsolePersonalData))]
    public Task<IActionResult> ConsolePersonalData(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request) =>
        guard.RecentlySignedInAsync(request, async session => await page.FormAsync(request, session));

    [Function(nameof(ConsoleExportPersonalData))]
    public Task<IActionResult> ConsoleExportPersonalData(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route + "/export")] HttpRequest request,
        CancellationToken cancellationToken) =>
        guard.RecentlySignedInPostAsync(request, async post => await personalData.ExportAsync(Email(post), cancellationToken) switch
        {
            PersonalDataOutcome.Exported exported => PersonalDataPage.Download(request, exported),
            var other => await InvalidAsync(request, post, other),
        }, cancellationToken);

    [Function(nameof(ConsoleReviewErasure))]
    public Task<IActionResult> ConsoleReviewErasure(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route + "/erase/review")] HttpRequest request,
        CancellationToken cancellationToken) =>
        guard.RecentlySignedInPostAsync(request, async post => await personalData.ExportAsync(Email(post), cancellationToken) switch
        {
            PersonalDataOutcome.Exported held => await page.ConfirmAsync(request, post.Session, held),
            var other => await InvalidAsync(request, post, other),
        }, cancellationToken);

    [Function(nameof(ConsoleErasePersonalData))]
    public Task<IActionResult> ConsoleErasePersonalData(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route + "/erase")] HttpRequest request,
        CancellationToken cancellationToken) =>
        guard.RecentlySignedInPostAsync(request, async post => await personalData.EraseAsync(Email(post), ErasureVia.Console, cancellationToken) switch
        {
            PersonalDataOutcome.Erased erased => await page.ErasedAsync(request, post.Session, Email(post)!.Trim(), erased),
            var other => await InvalidAsync(request, post, other),
        }, cancellationToken);

    private static string? Email(ConsolePost post) => post.Form.GetValueOrDefault(PersonalDataModel.EmailField);

    private async Task<IActionResult> InvalidAsync(HttpRequest request, ConsolePost post, PersonalDataOutcome outcome) => outcome switch
    {
        PersonalDataOutcome.InvalidAddress invalid => await page.FormAsync(request, post.Session, Email(post), invalid.Message),
        _ => throw new InvalidOperationException($"Unexpected personal-data outcome {outcome.GetType().Name}."),
    };
}
