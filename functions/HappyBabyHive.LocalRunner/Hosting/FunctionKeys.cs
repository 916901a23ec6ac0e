using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace HappyBabyHive.LocalRunner.Hosting;

/// <summary>
/// The keys that open <c>function</c> and <c>admin</c> level endpoints, as the Functions host checks them: the
/// <c>x-functions-key</c> header or the <c>code</c> query value. The master key opens everything. Local only: the
/// defaults are printed at start-up and mean nothing in Azure, where the host keeps its own keys.
/// </summary>
public sealed class FunctionKeys
{
    public const string FunctionKeySetting = "LocalRunner:FunctionKey";
    public const string MasterKeySetting = "LocalRunner:MasterKey";
    public const string DefaultFunctionKey = "local-function-key";
    public const string DefaultMasterKey = "local-master-key";
    public const string HeaderName = "x-functions-key";
    public const string QueryName = "code";

    private readonly byte[] functionKeyHash;
    private readonly byte[] masterKeyHash;

    public FunctionKeys(IConfiguration configuration)
    {
        FunctionKey = NonEmpty(configuration[FunctionKeySetting]) ?? DefaultFunctionKey;
        MasterKey = NonEmpty(configuration[MasterKeySetting]) ?? DefaultMasterKey;
        functionKeyHash = Hash(FunctionKey);
        masterKeyHash = Hash(MasterKey);
    }

    public string FunctionKey { get; }

    public string MasterKey { get; }

    /// <summary>Whether the request may call an endpoint of this auth level (anonymous, function, admin; system counts as admin).</summary>
    public bool Allows(HttpRequest request, string? authLevel)
    {
        if (authLevel is null || authLevel.Equals("anonymous", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var presented = request.Headers[HeaderName].ToString();
        if (presented.Length == 0)
        {
            presented = request.Query[QueryName].ToString();
        }

        if (presented.Length == 0)
        {
            return false;
        }

        // Hashing first makes both sides the same length, so the comparison time says nothing about the key.
        var hash = Hash(presented);
        var isMaster = CryptographicOperations.FixedTimeEquals(hash, masterKeyHash);
        return authLevel.Equals("function", StringComparison.OrdinalIgnoreCase)
            ? isMaster | CryptographicOperations.FixedTimeEquals(hash, functionKeyHash)
            : isMaster;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
