using System.Reflection;
using NetArchTest.Rules;

namespace HappyBabyHive.Tests.Architecture;

/// <summary>
/// What may depend on what, checked on the compiled app (docs/architecture-shape.md explains each rule and how to read
/// a failure). A rule names the types that break it; the fix is to move the dependency, not to widen the rule.
/// </summary>
public sealed class LayerRuleTests
{
    private static readonly Assembly App = typeof(ServiceCollectionExtensions).Assembly;

    /// <summary>The Azure Storage SDKs: only the storage layer and the composition root may know them.</summary>
    private static readonly string[] StorageSdks = ["Azure.Data.Tables.", "Azure.Storage.Queues.", "Azure.Storage.Blobs."];

    /// <summary>
    /// A queue-triggered function binds the trigger's payload type (it carries DequeueCount for the poison watch); that
    /// one type is part of the Functions contract, not storage access.
    /// </summary>
    private const string QueueTriggerPayload = "Azure.Storage.Queues.Models.QueueMessage";

    /// <summary>
    /// The namespaces that answer HTTP and may use ASP.NET Core and the Functions HTTP types: the function classes, the
    /// HTTP plumbing (bodies, problems, CORS, rate limits), the pages (Web, the console's pages and session cookie).
    /// Everything else is a domain service, store or email and must be callable without a request.
    /// </summary>
    private const string HttpFacingNamespaces = @"^HappyBabyHive\.(Functions|Http|Web|OwnerConsole\.Pages|OwnerConsole\.Sessions)(\..*)?$";

    [Fact]
    public void Only_the_storage_layer_and_composition_root_use_the_storage_SDKs()
    {
        var violations = AppDependencies.App.TypeReferences
            .Where(t => !IsStorageLayerOrRoot(t.Key))
            .Select(t => (Type: t.Key, Uses: t.Value.Where(r => UsesStorageSdk(t.Key, r)).Order(StringComparer.Ordinal).ToList()))
            .Where(t => t.Uses.Count > 0)
            .ToList();

        Assert.True(violations.Count == 0,
            "Only HappyBabyHive.Storage (and ServiceCollectionExtensions/Program) may use Azure.Data.Tables, Azure.Storage.Queues or " +
            "Azure.Storage.Blobs; talk to a store in domain records instead:" + Environment.NewLine +
            string.Join(Environment.NewLine, violations.Select(v => $"  {v.Type} uses {string.Join(", ", v.Uses.Take(4))}")));
    }

    [Fact]
    public void Domain_services_use_no_ASP_NET_Core_or_Functions_HTTP_types()
    {
        var result = Types.InAssembly(App)
            .That().ResideInNamespaceStartingWith("HappyBabyHive.")
            .And().DoNotResideInNamespaceMatching(HttpFacingNamespaces)
            .ShouldNot().HaveDependencyOnAny("Microsoft.AspNetCore", "Microsoft.Azure.Functions.Worker.Http")
            .GetResult();

        Assert.True(result.IsSuccessful,
            "These types outside Functions/Http/Web/OwnerConsole.Pages|Sessions use ASP.NET Core or HttpRequestData; " +
            "pass them plain values instead: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Email_does_not_depend_on_storage()
    {
        var result = Types.InAssembly(App)
            .That().ResideInNamespaceStartingWith("HappyBabyHive.Email")
            .ShouldNot().HaveDependencyOnAny(["HappyBabyHive.Storage", .. StorageSdks])
            .GetResult();

        Assert.True(result.IsSuccessful,
            "Email is a leaf: it renders and sends what it is given and reads no tables. These Email types depend on storage: " +
            string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Nothing_in_the_app_references_the_local_runner()
    {
        // The runner hosts the app on a developer's machine; the app must build and run in Azure without it.
        Assert.DoesNotContain(App.GetReferencedAssemblies(), a => a.Name == "HappyBabyHive.LocalRunner");

        var result = Types.InAssembly(App).ShouldNot().HaveDependencyOn("HappyBabyHive.LocalRunner").GetResult();

        Assert.True(result.IsSuccessful, "These app types reference the local runner: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    private static bool IsStorageLayerOrRoot(string type) =>
        type.StartsWith("HappyBabyHive.Storage.", StringComparison.Ordinal) || AppDependencies.FeatureOf(type) is null;

    private static bool UsesStorageSdk(string type, string reference) =>
        StorageSdks.Any(sdk => reference.StartsWith(sdk, StringComparison.Ordinal)) &&
        !(reference == QueueTriggerPayload && AppDependencies.FeatureOf(type) == "Functions");
}
