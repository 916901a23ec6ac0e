using System.Net;
using System.Net.Sockets;

namespace HappyBabyHive.Abuse;

/// <summary>
/// What a client address counts as for the limits: an IPv4 address whole; an IPv6 address by its /64, because one
/// home or phone is given a whole /64 and can pick a new address in it for every request.
/// </summary>
public static class ClientKey
{
    public const string Unknown = "unknown";

    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return Unknown;
        }

        // A dual-stack socket reports an IPv4 client as ::ffff:a.b.c.d; it is the same client as a.b.c.d.
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
