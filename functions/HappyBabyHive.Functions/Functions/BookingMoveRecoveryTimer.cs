using HappyBabyHive.Bookings.Changes;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

public sealed class BookingMoveRecoveryTimer(BookingTransferService transfers)
{
    /// <summary>Every five minutes: an interrupted move holds a place for at most a few minutes more.</summary>
    public const string Schedule = "0 */5 * * * *";

    /// <summary>Finishes, or undoes, every move between courses that a crash interrupted half way.</summary>
    [Function(nameof(RecoverInterruptedMoves))]
    public Task RecoverInterruptedMoves([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        transfers.RecoverInterruptedMovesAsync(cancellationToken);
}
