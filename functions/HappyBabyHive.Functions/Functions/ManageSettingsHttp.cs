using HappyBabyHive.Http;
using HappyBabyHive.Settings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>The owner's settings (signposting text, donation percentage) in the admin API (function keys).</summary>
public sealed class ManageSettingsHttp(IBusinessSettingsStore settings)
{
    public const string Route = "manage/settings";

    [Function(nameof(GetSettings))]
    public async Task<IActionResult> GetSettings(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Route)] HttpRequest request,
        CancellationToken cancellationToken) =>
        new OkObjectResult(SettingsResponse.From(await settings.GetAsync(cancellationToken)));

    [Function(nameof(UpdateSettings))]
    public async Task<IActionResult> UpdateSettings(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = Route)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (input, problem) = await JsonBody.ReadAsync<BusinessSettingsInput>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return await settings.SaveAsync(input!, cancellationToken) switch
        {
            SettingsSaveOutcome.Saved saved => new OkObjectResult(SettingsResponse.From(saved.Settings)),
            SettingsSaveOutcome.Invalid invalid => Problems.Validation(invalid.Errors),
            var other => throw new InvalidOperationException($"Unhandled settings outcome {other.GetType().Name}."),
        };
    }
}
