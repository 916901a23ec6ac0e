using HappyBabyHive;
using HappyBabyHive.Web;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// Storage down → 503 with Retry-After (the local runner calls the same StorageOutage from its own catch).
builder.UseMiddleware<HappyBabyHive.Web.StorageOutageMiddleware>();

// HSTS, nosniff, no framing and no-store on every HTTP response that did not choose otherwise (the runner does the same).
builder.UseMiddleware<HappyBabyHive.Web.SecurityHeadersMiddleware>();
builder.Services.AddHappyBabyHive(builder.Configuration);
builder.Build().Run();
