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

    /// <summary>
    /// A free loopback port whose Redis Cluster bus port (port + 10000) is free too, below the ephemeral range where it
    /// can be (so no outgoing connection takes it meanwhile) and never the same one twice in a run.
    /// </summary>
    public static int NextWithClusterBus()
    {
        string range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range");
        int ephemeralLow = int.Parse(range.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0], System.Globalization.CultureInfo.InvariantCulture);
        int high = Math.Min(ephemeralLow, 65536 - 10000);
        for (int i = 0; i < 200; i++)
        {
            int port = Random.Shared.Next(10000, high);
            if (CanListen(port) && CanListen(port + 10000) && Given.Add(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException("no free loopback port with a free cluster bus port");
    }

    private static bool CanListen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            listener.Stop();
        }
    }
}
