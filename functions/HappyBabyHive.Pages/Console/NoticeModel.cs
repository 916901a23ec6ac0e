namespace HappyBabyHive.Pages.Console;

/// <summary>The console's short pages that only say something: what went wrong, or what happens next.</summary>
public enum NoticeKind
{
    CourseNotFound,
    BookingNotFound,
    NotFromConsole,
    FormUnreadable,
    CheckYourEmail,
    LinkExpired,
    LinkAlreadyUsed,
    LinkBroken,
    TooManyAttempts,
    SignInCrossSite,

    /// <summary>The fresh link asked for on the "confirm it's you" page is on its way.</summary>
    ConfirmationSent,

    /// <summary>A device's Sign out named a device that is no longer signed in.</summary>
    DeviceNotFound,
}

/// <summary>Where a notice's links go.</summary>
public sealed record ConsoleLinks(string Dashboard, string Courses, string SignIn);

/// <param name="Minutes">The sign-in link's lifetime, or how long to wait (the kinds that mention minutes).</param>
/// <param name="Text">The reader's explanation of an unreadable form (<see cref="NoticeKind.FormUnreadable"/>).</param>
public sealed record NoticeModel(NoticeKind Kind, ConsoleLinks Links, int Minutes = 0, string? Text = null);
