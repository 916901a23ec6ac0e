using HappyBabyHive.Abuse;
using Microsoft.AspNetCore.Http;

namespace HappyBabyHive.Http;

/// <summary>
/// The client address the limits key on. Only <c>Connection.RemoteIpAddress</c>, never a request header: in Azure the
/// Functions host forwards each request to this worker with YARP's default transforms, which <em>set</em>
/// X-Forwarded-For to the host's own view of the client (whatever the client sent is replaced), and the worker's
/// ASP.NET Core integration runs the forwarded-headers middleware, which moves that one value into RemoteIpAddress.
/// docs/abuse-resistance.md has the source links and what changes behind Front Door.
/// </summary>
public static class ClientAddress
{
    /// <summary>IPv4 whole, IPv6 by /64 (<see cref="ClientKey"/>).</summary>
    public static string Key(HttpRequest request) => ClientKey.Of(request.HttpContext.Connection.RemoteIpAddress);
}
