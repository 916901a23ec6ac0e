using HappyBabyHive.Outbox;

namespace HappyBabyHive.WellbeingTips;

/// <summary>What a save wrote: the confirm email's queue message when one was owed.</summary>
public sealed record SubscriberSaved(OutboxMessage? ConfirmEmail);

/// <summary>One page of confirmed subscribers' keys, in key order; <paramref name="More"/> says whether another page follows.</summary>
public sealed record SubscriberKeyPage(IReadOnlyList<string> Keys, bool More);

/// <summary>
/// The tips subscribers. Every change to one is a single transaction in their own partition: the subscriber, a consent
/// event, and the confirm email owed (transactional outbox), so nothing is half-written.
/// </summary>
public interface ISubscriberStore
{
    Task<Subscriber?> FindAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// The key a subscriber was moved to by the issue-17 re-key job, from the forwarding row it left at
    /// <paramref name="forwardKey"/> (<see cref="SubscriberKeys.ForwardFrom"/>); null when there is none.
    /// </summary>
    Task<string?> FindMovedToAsync(string forwardKey, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="subscriber"/> (added when its <see cref="Subscriber.Version"/> is null, otherwise replaced
    /// if unchanged since it was read), a consent event <paramref name="consentEvent"/> at <paramref name="at"/>, and,
    /// when <paramref name="confirmEmailGrace"/> is set, the outbox row owing the "please confirm" email (swept after that
    /// grace), all or nothing. Null, with nothing written, when another change to this subscriber got there first.
    /// </summary>
    Task<SubscriberSaved?> SaveAsync(Subscriber subscriber, string consentEvent, DateTimeOffset at, TimeSpan? confirmEmailGrace, CancellationToken cancellationToken);

    /// <summary>Keys of confirmed subscribers after <paramref name="afterKey"/> (empty: from the start), a page at a time, never all in memory.</summary>
    IAsyncEnumerable<SubscriberKeyPage> ConfirmedAfterAsync(string afterKey, int pageSize, CancellationToken cancellationToken);
}

/// <summary>A booking whose tips box was ticked, as the opt-in needs it.</summary>
/// <param name="OptInUtc">When the box was ticked (null for bookings stored before that was recorded).</param>
/// <param name="ConsentVersion">The consent wording the booking form showed (null or empty before that was recorded).</param>
public sealed record TipsOptIn(string Email, string ParentName, DateTimeOffset? OptInUtc, DateTimeOffset BookedUtc, string? ConsentVersion);

/// <summary>The bookings that owe a tips opt-in email.</summary>
public interface IBookingTipsOptIns
{
    /// <summary>The booking <paramref name="owed"/> is about, or null when it is gone or its tips box was not ticked.</summary>
    Task<TipsOptIn?> FindAsync(OwedEmail owed, CancellationToken cancellationToken);
}
