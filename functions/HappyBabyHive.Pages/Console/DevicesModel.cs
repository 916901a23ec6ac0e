namespace HappyBabyHive.Pages.Console;

/// <summary>The devices page: where the owner is signed in, with a sign-out button for each and one for all.</summary>
/// <param name="SignOutDeviceUrl">Where a device's Sign out button posts (with <see cref="DeviceField"/>).</param>
/// <param name="SignOutEverywhereUrl">Where "Sign out everywhere" posts.</param>
public sealed record DevicesModel(IReadOnlyList<DeviceItem> Devices, string SignOutDeviceUrl, string SignOutEverywhereUrl, string CsrfToken, int IdleHours, int LifetimeDays)
{
    public const string DeviceField = "device";

    public string? Flash { get; init; }
}

/// <param name="Handle">The device's one-way handle, posted back to sign it out.</param>
public sealed record DeviceItem(string Handle, string Device, string SignedIn, string LastSeen, bool IsThisDevice);
