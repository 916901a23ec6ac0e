namespace HappyBabyHive.Pages.Forms;

/// <summary>The hidden field only bots fill in; <paramref name="Value"/> is what was posted, so a re-shown form keeps it.</summary>
public sealed record HoneypotModel(string Name, string? Value);
