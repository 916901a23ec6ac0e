using System.ComponentModel.DataAnnotations;

namespace HappyBabyHive.OwnerConsole.SignIn;

/// <summary>
/// What the sign-in form accepts as an email address, with the words the person reads when it isn't one. Whether the
/// address is an owner's is never said.
/// </summary>
public static class SignInAddress
{
    /// <summary>The longest address SMTP allows (RFC 5321's 256-octet path, less its angle brackets).</summary>
    public const int MaxLength = 254;

    public const string Missing = "Enter your email address";

    public const string WrongFormat = "Enter your email address in the right format, like name@example.co.uk";

    /// <summary>Null when <paramref name="email"/> (already trimmed) can be sent a link; otherwise what to tell the person.</summary>
    public static string? Problem(string? email) => email switch
    {
        null or "" => Missing,
        { Length: > MaxLength } => WrongFormat,
        _ when !new EmailAddressAttribute().IsValid(email) => WrongFormat,
        _ => null,
    };
}

/// <summary>What became of a request for a sign-in link.</summary>
public abstract record SignInRequestOutcome
{
    private SignInRequestOutcome()
    {
    }

    /// <summary>Recorded, and a link owed if the address is an owner's. The person sees the same answer either way.</summary>
    public sealed record Requested : SignInRequestOutcome;

    /// <summary>Not an email address: nothing was stored. <paramref name="Message"/> is for the person.</summary>
    public sealed record Invalid(string Message) : SignInRequestOutcome;
}
