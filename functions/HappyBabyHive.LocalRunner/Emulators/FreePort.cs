using System.Net;
using System.Net.Sockets;

namespace HappyBabyHive.LocalRunner.Emulators;

public static class FreePort
{
    /// <summary>A port the OS says is free right now on 127.0.0.1 (so tests never collide with a developer's own emulators).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
