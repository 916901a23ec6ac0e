namespace HappyBabyHive.LocalRunner.Triggers.Admin;

/// <summary>A non-HTTP function that can be run now, as the Functions host's <c>POST /admin/functions/{name}</c> does.</summary>
internal interface IOnDemandTrigger
{
    string FunctionName { get; }

    /// <summary>Runs the function once and completes when it has finished; its exception propagates.</summary>
    /// <param name="input">A queue function's message text; ignored by timers.</param>
    Task RunAsync(string? input, CancellationToken cancellationToken);
}
