using FluentValidation;
using Microsoft.Extensions.Logging;

namespace HappyBabyHive.Validation;

/// <summary>A public form's body (API or plain form post) with the hidden field only bots fill in.</summary>
public interface IHoneypotForm
{
    /// <summary>Honeypot: hidden from people by the form, so only bots fill it in.</summary>
    string? LeaveThisEmpty { get; }
}

/// <summary>Why a public form is not taken any further.</summary>
public abstract record FormRefusal
{
    private FormRefusal()
    {
    }

    /// <summary>The honeypot was filled in. Answer as if it worked, so the bot learns nothing, and store nothing.</summary>
    public sealed record Bot : FormRefusal;

    /// <summary>Field errors keyed by the JSON (camelCase) field name, as RFC 9457 "errors" expects.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : FormRefusal;
}

/// <summary>
/// The first step of every public form the services take (bookings, free-place requests): the honeypot, then the
/// form's validator. It lives here, below the features, so each can use it without depending on the other.
/// </summary>
public static partial class FormScreening
{
    /// <summary>Null when the form is a person's and valid; otherwise why to stop. Logs a honeypot hit without any field.</summary>
    public static async Task<FormRefusal?> ScreenAsync<TForm>(TForm form, IValidator<TForm> validator, ILogger logger, CancellationToken cancellationToken)
        where TForm : IHoneypotForm
    {
        if (!string.IsNullOrEmpty(form.LeaveThisEmpty))
        {
            LogHoneypot(logger, typeof(TForm).Name);
            return new FormRefusal.Bot();
        }

        var validation = await validator.ValidateAsync(form, cancellationToken);
        return validation.IsValid ? null : new FormRefusal.Invalid(validation.ToFieldErrors());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ignored a {Form} whose honeypot field was filled in")]
    private static partial void LogHoneypot(ILogger logger, string form);
}
