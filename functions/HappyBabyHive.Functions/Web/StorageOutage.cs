using System.Net.Sockets;
using Azure;
using HappyBabyHive.Concurrency;
using HappyBabyHive.Http;
using HappyBabyHive.Pages.Styles;
using HappyBabyHive.Pages.Website;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace HappyBabyHive.Web;

/// <summary>
/// What every HTTP function answers when Table or Queue Storage cannot be reached: 503 with Retry-After, as problem
/// details for API callers and as a calm page for people in a browser. Storage work is all-or-nothing (one
/// transaction per change, with the email owed stored inside it), so a 503 never leaves anything half-written.
/// The worker runs this from <see cref="StorageOutageMiddleware"/>; the local runner calls it from its own catch.
/// </summary>
public sealed partial class StorageOutage(PageResults pages, Cors cors, ILogger<StorageOutage> logger)
{
    /// <summary>Matches the page's "try again in a minute".</summary>
    public static readonly TimeSpan RetryAfter = TryAgain.AfterOutage;

    public const string PageTitle = TryAgain.OutageTitle;

    /// <summary>
    /// True when <paramref name="exception"/> means storage did not answer (connection refused or reset, timed out,
    /// or the service itself said it is unavailable), directly or after Azure.Core's retries (an AggregateException).
    /// A cancellation counts because Azure.Core reports its network timeout as one; callers rule out a client that
    /// went away before asking.
    /// </summary>
    public static bool IsStorageUnavailable(Exception exception) => exception switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsStorageUnavailable),
        RequestFailedException failed => failed.Status is 0 or 408 or >= 500 || (failed.InnerException is { } inner && IsStorageUnavailable(inner)),
        HttpRequestException or SocketException or IOException or TimeoutException or OperationCanceledException => true,
        _ => exception.InnerException is { } inner && IsStorageUnavailable(inner),
    };

    /// <summary>
    /// Writes the outage answer when <paramref name="exception"/> is a storage outage and the response has not started;
    /// returns false (the caller rethrows or answers 500) for anything else.
    /// </summary>
    public async Task<bool> TryWriteAsync(HttpContext context, Exception exception, string functionName)
    {
        // Retries that ran out on a row many writers were changing: no service should let that through, but if one
        // does, the caller still hears "busy, try again" (503) rather than a bare 500.
        var busy = exception is ConcurrencyConflictException;
        if (context.RequestAborted.IsCancellationRequested || context.Response.HasStarted || !(busy || IsStorageUnavailable(exception)))
        {
            return false;
        }

        // The exception's message can name tables, keys and filters: log the type only.
        if (busy)
        {
            LogBusy(logger, functionName);
        }
        else
        {
            LogUnavailable(logger, functionName, exception.GetType());
        }

        context.Response.Clear();
        var result = busy ? await RespondBusyAsync(context.Request) : await RespondAsync(context.Request);
        await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
        return true;
    }

    /// <summary>The 503 itself: a page when the caller asked for HTML (a browser), problem details otherwise.</summary>
    public Task<IActionResult> RespondAsync(HttpRequest request) => RespondAsync(
        request,
        RetryAfter,
        PageTitle,
        ["We can't reach our booking system at the moment. Nothing is wrong on your side.", TryAgain.InAMinute],
        Problems.Create(StatusCodes.Status503ServiceUnavailable, "unavailable", PageTitle + ".", TryAgain.OutageDetail));

    /// <summary>503 "busy" with its (short) Retry-After: a page for a browser, problem details otherwise.</summary>
    private Task<IActionResult> RespondBusyAsync(HttpRequest request) =>
        RespondAsync(request, TryAgain.AfterBusy, TryAgain.BusyTitle, [TryAgain.BusyDetail], Problems.Busy(TryAgain.BusyTitle, TryAgain.BusyDetail));

    private async Task<IActionResult> RespondAsync(HttpRequest request, TimeSpan retryAfter, string title, IReadOnlyList<string> paragraphs, ObjectResult problem)
    {
        cors.Apply(request);
        var response = request.HttpContext.Response;
        TryAgain.SetRetryAfter(response, retryAfter);
        response.Headers.CacheControl = "no-store";
        if (!WantsHtml(request))
        {
            return problem;
        }

        // Any page can meet an outage, the embedded forms included, so it may show inside the business's website.
        return await pages.PageAsync<MessageView>(
            response,
            new PageSpec(title, Framing.OwnWebsite) { StatusCode = StatusCodes.Status503ServiceUnavailable, Stylesheets = [Stylesheets.Forms] },
            new MessageModel(paragraphs));
    }

    // Browsers put text/html first in Accept for pages and form posts; the website's script and API clients ask for JSON.
    private static bool WantsHtml(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted) &&
        accepted.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase) && a.Quality is not 0);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function} could not reach storage ({ExceptionType}); answered 503 with Retry-After")]
    private static partial void LogUnavailable(ILogger logger, string function, Type exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function} gave up after repeated conflicts on one row; answered 503 busy with Retry-After")]
    private static partial void LogBusy(ILogger logger, string function);
}
