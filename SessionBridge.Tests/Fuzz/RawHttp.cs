using System.Net;
using System.Net.Sockets;

namespace SessionBridge.Tests.Fuzz;

/// <summary>
/// Sends bytes to Kestrel and reads the answer, bypassing HttpClient, which would refuse or normalise most of what a
/// hostile client sends (odd methods, %ZZ in a path, dot segments, control characters, duplicate cookies).
/// </summary>
public static class RawHttp
{
    public static async Task<RawResponse> SendAsync(IPEndPoint server, byte[] request, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(server, cancellation.Token);
        try
        {
            await socket.SendAsync(request, SocketFlags.None, cancellation.Token);
        }
        catch (SocketException)
        {
            // The server may answer (413, 400) and close before reading all of a body: the answer is still there.
        }

        var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int headerEnd = -1;
        while (true)
        {
            int read;
            try
            {
                read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellation.Token);
            }
            catch (SocketException) when (headerEnd >= 0)
            {
                break;
            }

            if (read == 0)
            {
                break;
            }

            received.Write(buffer, 0, read);
            if (headerEnd < 0)
            {
                headerEnd = received.GetBuffer().AsSpan(0, (int)received.Length).IndexOf("\r\n\r\n"u8);
                // An event stream never ends by itself: its status and headers are the answer.
                if (headerEnd >= 0 && IsEventStream(received.ToArray(), headerEnd))
                {
                    break;
                }
            }
        }

        return headerEnd < 0
            ? throw new IOException($"The connection closed after {received.Length} bytes, without a complete HTTP answer.")
            : RawResponse.Parse(received.ToArray(), headerEnd);
    }

    private static bool IsEventStream(byte[] data, int headerEnd) =>
        data.AsSpan(0, headerEnd).IndexOf("text/event-stream"u8) >= 0;
}
