using HappyBabyHive.Privacy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace HappyBabyHive.Http;

/// <summary>The body of a request about one person's data: only their address.</summary>
public sealed record PersonalDataRequest(string? Email);

/// <summary>Maps the personal-data outcomes to the admin API's responses.</summary>
public static class PersonalDataResponses
{
    public static IActionResult Map(PersonalDataOutcome outcome) => outcome switch
    {
        PersonalDataOutcome.Exported exported => new OkObjectResult(new
        {
            exported.Email,
            exported.ExportedUtc,
            exported.Data.Bookings,
            exported.Data.FreePlaceRequests,
            exported.Data.TipsSubscriptions,
            exported.Data.TipsSentMarkers,
            exported.Data.SignInRows,
            exported.Data.OwedEmails,
        }),
        PersonalDataOutcome.Erased erased => new OkObjectResult(erased.Audit),
        PersonalDataOutcome.InvalidAddress invalid => Problems.Validation(new Dictionary<string, string[]> { ["email"] = [invalid.Message] }),
        _ => throw new InvalidOperationException($"Unhandled personal-data outcome {outcome.GetType().Name}."),
    };
}
