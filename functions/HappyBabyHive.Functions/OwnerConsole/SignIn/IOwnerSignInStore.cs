using HappyBabyHive.Outbox;

namespace HappyBabyHive.OwnerConsole.SignIn;

/// <summary>One sign-in attempt. <paramref name="OwnerEmail"/> is null when the address typed was not an owner's (never stored).</summary>
public sealed record SignInAttempt(string LinkId, string? OwnerEmail, DateTimeOffset CreatedUtc, DateTimeOffset ExpiresUtc);

/// <summary>Sign-in attempts and the one use each link allows.</summary>
public interface IOwnerSignInStore
{
    /// <summary>
    /// Stores the attempt together with the outbox row that owes its link email (one transaction, so neither exists
    /// without the other), and returns the queue message for that email.
    /// </summary>
    Task<OutboxMessage> AddAsync(SignInAttempt attempt, TimeSpan outboxGracePeriod, CancellationToken cancellationToken);

    Task<SignInAttempt?> FindAsync(string linkId, CancellationToken cancellationToken);

    Task<bool> IsUsedAsync(string linkId, CancellationToken cancellationToken);

    /// <summary>Records the link's one use; false when it had already been used (of two clicks, exactly one wins).</summary>
    Task<bool> TryUseAsync(string linkId, DateTimeOffset usedUtc, CancellationToken cancellationToken);
}
