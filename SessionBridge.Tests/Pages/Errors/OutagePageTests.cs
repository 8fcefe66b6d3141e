using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using SessionBridge.Store;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Pages.Errors;

/// <summary>
/// During a store outage the 503 page offers "Try again", a link to the address that failed. That address is what the
/// client asked for, so the link must stay on this site whatever the path looks like.
/// </summary>
public sealed class OutagePageTests : IDisposable
{
    private readonly SessionBridgeApp _app = new SessionBridgeApp().WithServices(HookedRecordStore.AddTo);

    public void Dispose() => _app.Dispose();

    // Kestrel hands the app these paths as they are written here: "%2F" stays encoded, a backslash stays a backslash.
    // A path that names another host links to the start page; one that only looks odd links to itself, escaped.
    [Theory]
    [InlineData("//evil.example/", "/")]
    [InlineData("///evil.example", "/")]
    [InlineData(@"/\evil.example", "/%5Cevil.example")]
    [InlineData(@"/\\evil.example/", "/%5C%5Cevil.example/")]
    [InlineData("/%2F%2Fevil.example", "/%2F%2Fevil.example")]
    public async Task Try_again_never_links_to_another_host(string path, string expected)
    {
        string href = await RetryLinkDuringOutageAsync(path, query: string.Empty);

        Assert.Equal(expected, href);

        // A browser reads "/\" as "//": a link to another host either way.
        Assert.Matches(@"^/($|[^/\\])", href);
        Assert.Equal("app.example", new Uri(new Uri("https://app.example/"), href).Host);
    }

    [Fact]
    public async Task Try_again_links_back_to_the_page_that_failed()
    {
        string href = await RetryLinkDuringOutageAsync("/session", query: "?from=menu");

        Assert.Equal("/session?from=menu", href);
    }

    private async Task<string> RetryLinkDuringOutageAsync(string path, string query)
    {
        using var browser = _app.NewBrowser();
        var table = await browser.OpenAsync("/session");
        (await browser.PostSessionValueAsync(table.AntiforgeryToken(), "theme", "dark")).Dispose();
        string cookie = browser.Cookie(AppTestExtensions.SessionCookie)!;
        HookedRecordStore.Of(_app.Services).BeforeLoad =
            _ => Task.FromException(new SessionStoreUnavailableException("store down (test)"));

        var answer = await _app.Server.SendAsync(context =>
        {
            context.Request.Method = HttpMethods.Get;
            context.Request.Path = new PathString(path);
            context.Request.QueryString = new QueryString(query.Length == 0 ? null : query);
            context.Request.Headers.Cookie = AppTestExtensions.SessionCookie + "=" + cookie;
        });

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, answer.Response.StatusCode);
        var document = new HtmlParser().ParseDocument(answer.Response.Body);
        var retry = Assert.Single(document.QuerySelectorAll("main a"), a => a.TextContent.Trim() == "Try again");
        return retry.GetAttribute("href")!;
    }
}
