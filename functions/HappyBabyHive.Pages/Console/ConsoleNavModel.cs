namespace HappyBabyHive.Pages.Console;

/// <summary>Which part of the console a page belongs to, so the navigation can mark it as the current one.</summary>
public enum ConsoleSection
{
    None,
    Home,
    Courses,
    Tips,
    Reports,
    Settings,
    Devices,
}

/// <summary>The signed-in owner's navigation bar.</summary>
/// <param name="Root">The console's base path (e.g. /api/console).</param>
/// <param name="CsrfToken">This session's token, carried by the Sign out form.</param>
public sealed record ConsoleNavModel(string Root, ConsoleSection Section, string CsrfToken);
