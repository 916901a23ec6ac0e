using HappyBabyHive.Links;
using HappyBabyHive.Outbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.OwnerConsole.SignIn;

public interface IOwnerSignInService
{
    /// <summary>
    /// Records a sign-in request and, only when the address is an owner's, owes her a sign-in link by email (through
    /// the outbox and queue, never sent inline). Owner or not, the same rows are written and the same message queued,
    /// so the caller sees the same response in about the same time. An address that isn't one (see
    /// <see cref="SignInAddress"/>) stores nothing and comes back as <see cref="SignInRequestOutcome.Invalid"/>.
    /// </summary>
    Task<SignInRequestOutcome> RequestLinkAsync(string? email, CancellationToken cancellationToken);

    /// <summary>What opening the link would lead to, without using it (the page the link opens shows a button).</summary>
    Task<SignInLinkStatus> CheckAsync(string? token, CancellationToken cancellationToken);

    /// <summary>Uses the link once: returns the owner's address to start a session for, or why not.</summary>
    Task<(SignInLinkStatus Status, string? OwnerEmail)> RedeemAsync(string? token, CancellationToken cancellationToken);
}

public enum SignInLinkStatus
{
    Usable,
    Invalid,
    Expired,
    AlreadyUsed,
}

public sealed partial class OwnerSignInService(
    IOwnerSignInStore store,
    IEmailEnqueuer emailQueue,
    OwnerSignInLinks links,
    OwnerAddresses owners,
    IOptions<OwnerConsoleOptions> options,
    TimeProvider time,
    ILogger<OwnerSignInService> logger) : IOwnerSignInService
{
    /// <summary>The outbox sweep re-sends after this if the queue message was lost; short, because the link is.</summary>
    internal static readonly TimeSpan OutboxGracePeriod = TimeSpan.FromMinutes(1);

    public async Task<SignInRequestOutcome> RequestLinkAsync(string? email, CancellationToken cancellationToken)
    {
        email = email?.Trim();
        if (SignInAddress.Problem(email) is { } problem)
        {
            return new SignInRequestOutcome.Invalid(problem);
        }

        var now = time.GetUtcNow();
        var linkId = OwnerSignInLinks.NewLinkId();
        var attempt = new SignInAttempt(linkId, owners.IsOwner(email) ? OwnerAddresses.Normalise(email) : null, now, now + options.Value.SignInLinkLifetime);
        var message = await store.AddAsync(attempt, OutboxGracePeriod, cancellationToken);

        // Only the attempt's random id is logged: never the address typed, nor whether it was an owner's.
        LogRequested(logger, linkId);
        await emailQueue.EnqueueOrLeaveToSweepAsync(message, logger, cancellationToken);
        return new SignInRequestOutcome.Requested();
    }

    public async Task<SignInLinkStatus> CheckAsync(string? token, CancellationToken cancellationToken)
    {
        var (status, linkId, _) = await LoadAsync(token, cancellationToken);
        if (status != SignInLinkStatus.Usable)
        {
            return status;
        }

        return await store.IsUsedAsync(linkId!, cancellationToken) ? SignInLinkStatus.AlreadyUsed : SignInLinkStatus.Usable;
    }

    public async Task<(SignInLinkStatus Status, string? OwnerEmail)> RedeemAsync(string? token, CancellationToken cancellationToken)
    {
        var (status, linkId, ownerEmail) = await LoadAsync(token, cancellationToken);
        if (status != SignInLinkStatus.Usable)
        {
            return (status, null);
        }

        // Of two clicks (or two devices) exactly one records the use and signs in.
        if (!await store.TryUseAsync(linkId!, time.GetUtcNow(), cancellationToken))
        {
            LogReused(logger, linkId!);
            return (SignInLinkStatus.AlreadyUsed, null);
        }

        LogSignedIn(logger, linkId!);
        return (SignInLinkStatus.Usable, ownerEmail);
    }

    private async Task<(SignInLinkStatus Status, string? LinkId, string? OwnerEmail)> LoadAsync(string? token, CancellationToken cancellationToken)
    {
        var link = links.Verify(token);
        if (link.Check == LinkCheck.Expired)
        {
            return (SignInLinkStatus.Expired, null, null);
        }

        if (!link.IsValid)
        {
            return (SignInLinkStatus.Invalid, null, null);
        }

        var found = await store.FindAsync(link.Subject!, cancellationToken);
        if (found?.OwnerEmail is not { } email || !owners.IsOwner(email))
        {
            return (SignInLinkStatus.Invalid, null, null);
        }

        return time.GetUtcNow() >= found.ExpiresUtc
            ? (SignInLinkStatus.Expired, null, null)
            : (SignInLinkStatus.Usable, link.Subject, email);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in requested ({LinkId})")]
    private static partial void LogRequested(ILogger logger, string linkId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Owner signed in with link {LinkId}")]
    private static partial void LogSignedIn(ILogger logger, string linkId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in link {LinkId} was used again and refused")]
    private static partial void LogReused(ILogger logger, string linkId);
}
