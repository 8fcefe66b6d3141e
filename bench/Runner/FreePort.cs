using System.Net;
using System.Net.Sockets;

namespace SessionBridge.Bench;

internal static class FreePort
{
    private static readonly HashSet<int> Given = [];

    /// <summary>A loopback port nobody listens on now, never the same one twice in a run.</summary>
    public static int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (Given.Add(port))
            {
                return port;
            }
        }
    }
}
