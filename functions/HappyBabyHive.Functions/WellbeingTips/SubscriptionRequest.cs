using FluentValidation;
using HappyBabyHive.Validation;

namespace HappyBabyHive.WellbeingTips;

/// <summary>What the website's "weekly tips" form posts. Nullable fields so a missing one is a field error (422), not a parse error.</summary>
public sealed record SubscriptionRequest
{
    public string? Email { get; init; }

    /// <summary>Optional; used only to say hello in the emails.</summary>
    public string? FirstName { get; init; }

    /// <summary>The box with <see cref="ConsentWording.Text"/> was ticked.</summary>
    public bool Consent { get; init; }

    /// <summary>Honeypot: hidden from people by the form, so only bots fill it in.</summary>
    public string? LeaveThisEmpty { get; init; }
}

public sealed class SubscriptionRequestValidator : AbstractValidator<SubscriptionRequest>
{
    public SubscriptionRequestValidator()
    {
        RuleFor(r => r.Email).EmailAddress();
        RuleFor(r => r.FirstName)
            .PersonName("Please tell us your first name.", FieldRules.MaxBabyNameLength)
            .When(r => !string.IsNullOrWhiteSpace(r.FirstName));
        RuleFor(r => r.Consent).Equal(true).WithMessage("Please tick the box to say you'd like the weekly tips.");
    }
}

public abstract record SubscribeOutcome
{
    private SubscribeOutcome()
    {
    }

    /// <summary>
    /// The same answer whatever the address's state (new, pending, confirmed, unsubscribed), so the form never reveals
    /// whether someone is subscribed.
    /// </summary>
    public sealed record Accepted : SubscribeOutcome;

    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : SubscribeOutcome;

    /// <summary>A honeypot field was filled in: nothing is stored and nothing is sent.</summary>
    public sealed record Ignored : SubscribeOutcome;
}

public enum UnsubscribeOutcome
{
    Unsubscribed,
    AlreadyUnsubscribed,

    /// <summary>
    /// No subscriber under the link's key: their details were deleted (retention, erasure) or the link predates a move
    /// the store no longer remembers. Not "unsubscribed": a parent who still gets tips must not be told they won't.
    /// </summary>
    NotFound,
}

public enum ConfirmOutcome
{
    Confirmed,
    AlreadyConfirmed,

    /// <summary>The link is for a request that no longer stands (unsubscribed since, or a newer request replaced it).</summary>
    OutOfDate,
}
