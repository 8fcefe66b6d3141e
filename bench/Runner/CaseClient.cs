namespace SessionBridge.Bench;

/// <summary>Sends a case's request once, outside wrk, and checks its answer the way bench/wrk/check.lua does.</summary>
internal sealed class CaseClient : IDisposable
{
    private readonly HttpClient _client = new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false });

    /// <summary>The answer's body, and its size with the status line and headers as sent on the wire (about).</summary>
    public async Task<(string Body, int TotalBytes)> SendAsync(BenchCase benchCase)
    {
        using var request = new HttpRequestMessage(new HttpMethod(benchCase.Method), new Uri(benchCase.App.BaseUrl, benchCase.Path));
        if (benchCase.Body.Length > 0)
        {
            request.Content = new StringContent(benchCase.Body, System.Text.Encoding.ASCII, "application/x-www-form-urlencoded");
        }

        foreach (string header in benchCase.RequestHeaders)
        {
            string[] parts = header.Split(':', 2);
            request.Headers.TryAddWithoutValidation(parts[0], parts[1].Trim());
        }

        using var response = await _client.SendAsync(request);
        byte[] bytes = await response.Content.ReadAsByteArrayAsync();
        string body = System.Text.Encoding.UTF8.GetString(bytes);
        int headerBytes = response.Headers.Concat(response.Content.Headers)
            .Sum(h => h.Value.Sum(v => h.Key.Length + 2 + v.Length + 2)) + "HTTP/1.1 200 OK\r\n\r\n".Length;
        return (int)response.StatusCode == benchCase.Status && BenchCase.IsExpected(body, benchCase.Expect)
            ? (body, bytes.Length + headerBytes)
            : throw new InvalidOperationException($"{benchCase.Id}: answered {(int)response.StatusCode}: {body}");
    }

    public void Dispose() => _client.Dispose();
}
