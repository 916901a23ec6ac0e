using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;

namespace HappyBabyHive.Web;

/// <summary>
/// Turns a storage outage inside any HTTP function into <see cref="StorageOutage"/>'s 503 instead of the host's
/// bare 500. Queue and timer functions are left alone: their retries and poison queue are the right answer there.
/// </summary>
internal sealed class StorageOutageMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (context.GetHttpContext() is { } http)
        {
            var outage = context.InstanceServices.GetRequiredService<StorageOutage>();
            if (!await outage.TryWriteAsync(http, e, context.FunctionDefinition.Name))
            {
                throw;
            }
        }
    }
}
