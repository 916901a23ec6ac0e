using HappyBabyHive.FreePlaces;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

public sealed class FreePlaceNotePurgeTimer(IFreePlaceNotePurger purger)
{
    /// <summary>Daily at 03:30 UTC, a quiet hour.</summary>
    public const string Schedule = "0 30 3 * * *";

    /// <summary>Deletes free-place notes once their retention period after the decision has passed.</summary>
    [Function(nameof(PurgeFreePlaceNotes))]
    public Task PurgeFreePlaceNotes([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        purger.PurgeAsync(cancellationToken);
}
