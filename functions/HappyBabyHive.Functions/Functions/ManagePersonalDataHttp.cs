using HappyBabyHive.Http;
using HappyBabyHive.Privacy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>
/// The admin API (function keys) for a person's rights: a copy of everything held for an address, erasure, and the
/// erasure audit. The address travels in a JSON body, never the URL, so it stays out of request logs.
/// </summary>
public sealed class ManagePersonalDataHttp(PersonalDataService personalData, IPersonalDataStore audits, ILegacyKeyMigration rekey)
{
    public const string Route = "manage/personal-data";

    [Function(nameof(ExportPersonalData))]
    public async Task<IActionResult> ExportPersonalData(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Route + "/export")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<PersonalDataRequest>(request, cancellationToken);
        return problem ?? NoStore(request, PersonalDataResponses.Map(await personalData.ExportAsync(body!.Email, cancellationToken)));
    }

    [Function(nameof(ErasePersonalData))]
    public async Task<IActionResult> ErasePersonalData(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Route + "/erase")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<PersonalDataRequest>(request, cancellationToken);
        return problem ?? NoStore(request, PersonalDataResponses.Map(await personalData.EraseAsync(body!.Email, ErasureVia.AdminApi, cancellationToken)));
    }

    [Function(nameof(ListErasures))]
    public async Task<IActionResult> ListErasures(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Route + "/erasures")] HttpRequest request,
        CancellationToken cancellationToken) =>
        NoStore(request, new OkObjectResult(await audits.ListErasuresAsync(cancellationToken)));

    /// <summary>The one-off re-key of rows written before keyed hashing (docs/data-protection.md): repeat until it reports zeros.</summary>
    [Function(nameof(RekeyLegacyRows))]
    public async Task<IActionResult> RekeyLegacyRows(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Route + "/rekey")] HttpRequest request,
        CancellationToken cancellationToken) =>
        new OkObjectResult(await rekey.RunAsync(cancellationToken));

    private static IActionResult NoStore(HttpRequest request, IActionResult result)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return result;
    }
}
