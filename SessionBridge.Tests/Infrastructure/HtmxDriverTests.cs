using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace SessionBridge.Tests.Infrastructure;

/// <summary>The driver against tiny hand-written apps, so a failure here points at the driver, not the product.</summary>
public sealed class HtmxDriverTests
{
    [Fact]
    public async Task PlainFormPostFollows303WithAGet()
    {
        await using var app = await TinyApp.StartAsync(web =>
        {
            web.MapGet("/", () => Html("""
                <form method="post" action="/save">
                  <input name="title" value="draft">
                  <input type="checkbox" name="pin" value="yes" checked>
                  <input type="checkbox" name="archive" value="yes">
                  <input name="skip" value="x" disabled>
                  <button name="op" value="save">Save</button>
                  <button name="op" value="delete">Delete</button>
                </form>
                """));
            web.MapPost("/save", async (HttpContext context) =>
            {
                var form = await context.Request.ReadFormAsync();
                context.Response.Headers.Location = $"/saved?title={Uri.EscapeDataString(form["title"].ToString())}";
                return Results.StatusCode(StatusCodes.Status303SeeOther);
            });
            web.MapGet("/saved", (string title) => Html($"<h1 id=\"title\">{title}</h1>"));
        });

        var page = await app.Browser.OpenAsync("/");
        page.Fill("title", "Hello & welcome");
        var saved = await page.SubmitAsync("form", "button[value=save]");

        Assert.Equal("/saved", saved.Url.AbsolutePath);
        Assert.Equal("Hello & welcome", saved.Text("#title"));
        Assert.Collection(
            app.Browser.Requests,
            open => Assert.Equal("GET /", Line(open)),
            post =>
            {
                Assert.Equal("POST /save", Line(post));
                Assert.Equal(HttpStatusCode.SeeOther, post.Status);
                Assert.Equal("title=Hello+%26+welcome&pin=yes&op=save", post.Body);
                Assert.False(post.IsHtmx);
            },
            get =>
            {
                Assert.Equal("GET /saved?title=Hello%20%26%20welcome", Line(get));
                Assert.Null(get.Body);
            });
    }

    [Theory]
    [InlineData("innerHTML", "<div id=\"result\"><p id=\"greeting\">Hello Ada</p></div>")]
    [InlineData("outerHTML", "<p id=\"greeting\">Hello Ada</p>")]
    public async Task HxPostFormSwapsIntoTheInheritedTarget(string swap, string expected)
    {
        await using var app = await TinyApp.StartAsync(web =>
        {
            web.MapGet("/", () => Html($"""
                <section hx-target="#result">
                  <form id="greet" hx-post="/greet" hx-swap="{swap}"><input name="name"></form>
                </section>
                <main><div id="result"><span>old</span></div></main>
                """));
            web.MapPost("/greet", async (HttpRequest request) =>
                Html($"<p id=\"greeting\">Hello {(await request.ReadFormAsync())["name"]}</p>"));
        });

        var page = await app.Browser.OpenAsync("/");
        page.Fill("name", "Ada");
        var after = await page.SubmitAsync("#greet");

        Assert.Same(page, after);
        Assert.Equal(expected, page.Element("main").InnerHtml);
        Assert.Equal("name=Ada", app.Browser.Requests[^1].Body);
        Assert.Equal("result", app.Browser.Requests[^1].Headers["HX-Target"]);
    }

    [Fact]
    public async Task SwappedContentIsLiveForTheNextRequest()
    {
        await using var app = await TinyApp.StartAsync(web =>
        {
            web.MapGet("/", () => Html("""<div id="step"><form hx-post="/one" hx-target="#step"><input name="a" value="1"></form></div>"""));
            web.MapPost("/one", () => Html("""<form id="second" hx-post="/two" hx-target="closest div"><input name="b" value="2"></form>"""));
            web.MapPost("/two", async (HttpRequest request) => Html($"<p>done {(await request.ReadFormAsync())["b"]}</p>"));
        });

        var page = await app.Browser.OpenAsync("/");
        await page.SubmitAsync("form");
        page.Fill("b", "3");
        await page.SubmitAsync("#second");

        Assert.Equal("<p>done 3</p>", page.Element("#step").InnerHtml);
    }

    [Fact]
    public async Task OutOfBandElementsUpdateTheirOwnTargetsAndLeaveTheMainContent()
    {
        await using var app = await TinyApp.StartAsync(web =>
        {
            web.MapGet("/", () => Html("""
                <form hx-post="/add" hx-target="#list" hx-swap="beforeend"><input name="item"></form>
                <ul id="list"><li>eggs</li></ul>
                <span id="count">1</span>
                <div id="status">idle</div>
                """));
            web.MapPost("/add", async (HttpRequest request) => Html($"""
                <li>{(await request.ReadFormAsync())["item"]}</li>
                <span id="count" hx-swap-oob="true">2</span>
                <div hx-swap-oob="innerHTML:#status">saved</div>
                """));
        });

        var page = await app.Browser.OpenAsync("/");
        page.Fill("item", "milk");
        await page.SubmitAsync("form");

        Assert.Equal(["eggs", "milk"], page.Document.QuerySelectorAll("#list li").Select(li => li.TextContent));
        Assert.Empty(page.Document.QuerySelectorAll("#list span, #list div"));
        Assert.Equal("<span id=\"count\">2</span>", page.Html("#count"));
        Assert.Equal("<div id=\"status\">saved</div>", page.Html("#status"));
    }

    [Fact]
    public async Task HxRedirectIsFollowedWithAFullGet()
    {
        await using var app = await TinyApp.StartAsync(web =>
        {
            web.MapGet("/", () => Html("""<form hx-post="/login"><input name="user" value="ada"></form><div id="out"></div>"""));
            web.MapPost("/login", (HttpResponse response) =>
            {
                response.Headers["HX-Redirect"] = "/home";
                return Html("<p>not swapped</p>");
            });
            web.MapGet("/home", (HttpRequest request) =>
                Html($"<h1>home, htmx: {request.Headers.ContainsKey("HX-Request")}</h1>"));
        });

        var page = await app.Browser.OpenAsync("/");
        var home = await page.SubmitAsync("form");

        Assert.NotSame(page, home);
        Assert.Equal("/home", home.Url.AbsolutePath);
        Assert.Equal("home, htmx: False", home.Text("h1"));
        Assert.False(app.Browser.Requests[^1].IsHtmx);
        Assert.Null(page.Document.QuerySelector("p"));
    }

    [Fact]
    public async Task HxTriggerJsonReFetchesOnlyTheListenersOfThatEvent()
    {
        var name = "nobody";
        await using var app = await TinyApp.StartAsync(web =>
        {
            web.MapGet("/", () => Html("""
                <form hx-post="/rename" hx-target="#msg"><input name="name"></form>
                <div id="msg"></div>
                <div id="greeting" hx-get="/greeting" hx-trigger="load, nameChanged from:body">Hi nobody</div>
                <div id="other" hx-get="/other" hx-trigger="otherEvent from:body">other</div>
                """));
            web.MapPost("/rename", async (HttpContext context) =>
            {
                name = (await context.Request.ReadFormAsync())["name"].ToString();
                context.Response.Headers["HX-Trigger"] = """{"nameChanged":{"name":"x"},"unheard":"y"}""";
                return Html("saved");
            });
            web.MapGet("/greeting", () => Html($"Hi {name}"));
            web.MapGet("/other", () => Html("other again"));
        });

        var page = await app.Browser.OpenAsync("/");
        page.Fill("name", "Ada");
        await page.SubmitAsync("form");

        Assert.Equal("saved", page.Text("#msg"));
        Assert.Equal("Hi Ada", page.Text("#greeting"));
        Assert.Equal("other", page.Text("#other"));
        Assert.Equal(["GET /", "POST /rename", "GET /greeting"], app.Browser.Requests.Select(Line));
        Assert.Equal("greeting", app.Browser.Requests[^1].Headers["HX-Trigger"]);
        Assert.True(page.Response.Headers.Contains("HX-Trigger"));
    }

    [Fact]
    public async Task DispatchReachesFromBodyListenersAndStopsEventLoops()
    {
        await using var app = await TinyApp.StartAsync(web =>
        {
            web.MapGet("/", () => Html("""
                <div id="other" hx-get="/other" hx-trigger="otherEvent from:body">other</div>
                <div id="loop" hx-get="/loop" hx-trigger="again from:body"></div>
                """));
            web.MapGet("/other", () => Html("other again"));
            web.MapGet("/loop", (HttpResponse response) =>
            {
                response.Headers["HX-Trigger"] = "again";
                return Html("looping");
            });
        });

        var page = await app.Browser.OpenAsync("/");
        await page.DispatchAsync("otherEvent");

        Assert.Equal("other again", page.Text("#other"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => page.DispatchAsync("again"));
        Assert.Equal(5, app.Browser.Requests.Count(r => r.Url.AbsolutePath == "/loop"));
    }

    [Fact]
    public async Task ResponseHandlingFromTheMetaConfigDecidesWhichErrorsSwap()
    {
        const string config = """
            <meta name="htmx-config" content='{"responseHandling":[{"code":"204","swap":false},{"code":"[23]..","swap":true},{"code":"422","swap":true,"error":true},{"code":"[45]..","swap":false,"error":true}]}'>
            """;
        await using var app = await TinyApp.StartAsync(web =>
        {
            web.MapGet("/configured", () => Html(Form, config));
            web.MapGet("/default", () => Html(Form));
            web.MapPost("/validate", async (HttpRequest request) =>
            {
                var status = int.Parse((await request.ReadFormAsync())["status"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
                return Results.Content($"<p>status {status}</p>", "text/html", statusCode: status);
            });
        });

        var configured = await app.Browser.OpenAsync("/configured");
        configured.Fill("status", "422");
        await configured.SubmitAsync("form");
        Assert.Equal("status 422", configured.Text("#out"));

        configured.Fill("status", "400");
        await configured.SubmitAsync("form");
        Assert.Equal(HttpStatusCode.BadRequest, configured.Response.StatusCode);
        Assert.Equal("status 422", configured.Text("#out"));

        var byDefault = await app.Browser.OpenAsync("/default");
        byDefault.Fill("status", "422");
        await byDefault.SubmitAsync("form");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, byDefault.Response.StatusCode);
        Assert.Equal("untouched", byDefault.Text("#out"));
    }

    [Fact]
    public async Task AntiForgeryHeaderComesFromTheMetaWhenTheFormLacksTheField()
    {
        const string config = """
            <meta name="htmx-config" content='{"antiForgery":{"formFieldName":"__RequestVerificationToken","headerName":"RequestVerificationToken","requestToken":"from-meta"}}'>
            """;
        await using var app = await TinyApp.StartAsync(web =>
        {
            web.MapGet("/", () => Html("""
                <form id="bare" hx-post="/echo"><input name="a" value="1"></form>
                <form id="tokened" hx-post="/echo"><input type="hidden" name="__RequestVerificationToken" value="from-field"></form>
                <form id="query" hx-get="/echo"></form>
                <div id="out"></div>
                """, config));
            web.MapMethods("/echo", ["GET", "POST"], async (HttpRequest request) =>
            {
                var field = request.HasFormContentType ? (await request.ReadFormAsync())["__RequestVerificationToken"].ToString() : "";
                return Html($"header={request.Headers["RequestVerificationToken"]};field={field}");
            });
        });

        var page = await app.Browser.OpenAsync("/");

        await page.SubmitAsync("#bare");
        Assert.Equal("header=from-meta;field=", page.Text("#bare"));
        await page.SubmitAsync("#tokened");
        Assert.Equal("header=;field=from-field", page.Text("#tokened"));
        await page.SubmitAsync("#query");
        Assert.Equal("header=;field=", page.Text("#query"));
    }

    [Fact]
    public async Task CookiesSetByOneResponseAreSentOnTheNextAndCanBeCopied()
    {
        await using var app = await TinyApp.StartAsync(web =>
        {
            web.MapGet("/login", (HttpResponse response) =>
            {
                response.Cookies.Append("sid", "abc123", new CookieOptions { HttpOnly = true, Path = "/" });
                return Results.Redirect("/me");
            });
            web.MapGet("/me", (HttpRequest request) => Html($"<p id=\"sid\">{request.Cookies["sid"] ?? "anonymous"}</p>"));
        });

        var me = await app.Browser.OpenAsync("/login");
        Assert.Equal("abc123", me.Text("#sid"));
        Assert.Equal("sid=abc123", app.Browser.Requests[^1].Headers["Cookie"]);

        using var copy = app.NewBrowser();
        copy.CopyCookiesFrom(app.Browser);
        Assert.Equal("abc123", (await copy.OpenAsync("/me")).Text("#sid"));

        using var stranger = app.NewBrowser();
        Assert.Equal("anonymous", (await stranger.OpenAsync("/me")).Text("#sid"));
    }

    [Fact]
    public async Task TriggeredElementSendsTheHtmxRequestHeaders()
    {
        await using var app = await TinyApp.StartAsync(web =>
        {
            web.MapGet("/search-page", () => Html("""
                <div id="panel">
                  <input id="search" name="q" hx-get="/search" hx-trigger="input changed delay:300ms" hx-target="#results">
                  <ul id="results"></ul>
                </div>
                """));
            web.MapGet("/search", (HttpRequest request) => Html(string.Join(
                "",
                EchoedHeaders
                    .Select(h => $"<li data-header=\"{h}\">{request.Headers[h]}</li>")
                    .Append($"<li data-header=\"q\">{request.Query["q"]}</li>"))));
        });

        var page = await app.Browser.OpenAsync("/search-page?x=1");
        page.Fill("q", "ada lovelace");
        await page.TriggerAsync("#search");

        Assert.Equal("true", page.Text("[data-header=HX-Request]"));
        Assert.Equal("results", page.Text("[data-header=HX-Target]"));
        Assert.Equal("http://localhost/search-page?x=1", page.Text("[data-header=HX-Current-URL]"));
        Assert.Equal("search", page.Text("[data-header=HX-Trigger]"));
        Assert.Equal("q", page.Text("[data-header=HX-Trigger-Name]"));
        Assert.Equal("", page.Text("[data-header=HX-Boosted]"));
        Assert.Equal("ada lovelace", page.Text("[data-header=q]"));
        Assert.Equal("GET /search?q=ada%20lovelace", Line(app.Browser.Requests[^1]));
    }

    [Fact]
    public async Task MissingElementsAreNamedInTheError()
    {
        await using var app = await TinyApp.StartAsync(web => web.MapGet("/", () => Html("<form hx-post=\"/x\" hx-target=\"#nowhere\"></form>")));
        var page = await app.Browser.OpenAsync("/");

        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => page.SubmitAsync("#absent"));
        Assert.Contains("#absent", missing.Message, StringComparison.Ordinal);
        var target = await Assert.ThrowsAsync<InvalidOperationException>(() => page.SubmitAsync("form"));
        Assert.Contains("#nowhere", target.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => page.Fill("nothing", "x"));
    }

    private static readonly string[] EchoedHeaders = ["HX-Request", "HX-Target", "HX-Current-URL", "HX-Trigger", "HX-Trigger-Name", "HX-Boosted"];

    private const string Form = """
        <form hx-post="/validate" hx-target="#out"><input name="status"></form>
        <div id="out">untouched</div>
        """;

    private static IResult Html(string body, string head = "") =>
        Results.Content($"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>", "text/html");

    private static string Line(HtmxRequestRecord request) => $"{request.Method} {request.Url.PathAndQuery}";

    private sealed class TinyApp : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private TinyApp(WebApplication app)
        {
            _app = app;
            Browser = NewBrowser();
        }

        public HtmxBrowser Browser { get; }

        public static async Task<TinyApp> StartAsync(Action<WebApplication> map)
        {
            var builder = WebApplication.CreateBuilder();
            builder.WebHost.UseTestServer();
            builder.Logging.ClearProviders();
            var app = builder.Build();
            map(app);
            await app.StartAsync();
            return new TinyApp(app);
        }

        public HtmxBrowser NewBrowser() => HtmxBrowser.For(_app.GetTestServer().CreateHandler());

        public async ValueTask DisposeAsync()
        {
            Browser.Dispose();
            await _app.DisposeAsync();
        }
    }
}
