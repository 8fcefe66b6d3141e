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
                Fragment($"<p id=\"greeting\">Hello {(await request.ReadFormAsync())["name"]}</p>"));
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
            web.MapPost("/one", () => Fragment("""<form id="second" hx-post="/two" hx-target="#step"><input name="b" value="2"></form>"""));
            web.MapPost("/two", async (HttpRequest request) => Fragment($"<p>done {(await request.ReadFormAsync())["b"]}</p>"));
        });

        var page = await app.Browser.OpenAsync("/");
        await page.SubmitAsync("form");
        page.Fill("b", "3");
        await page.SubmitAsync("#second");

        Assert.Equal("<p>done 3</p>", page.Element("#step").InnerHtml);
    }

    [Fact]
    public async Task ATableRowAnswerReplacesItsRowInsideTheTable()
    {
        var saved = "old";
        await using var app = await TinyApp.StartAsync(web =>
        {
            // The app's session table: a listening tbody per row, the row posting its own form and swapping itself.
            web.MapGet("/", () => Html("""
                <table>
                  <tbody hx-get="/row" hx-trigger="changed-name from:body" hx-target="#row-name" hx-swap="outerHTML">
                    <tr id="row-name"><td><form hx-post="/row" hx-target="#row-name" hx-swap="outerHTML"><input name="value" value="old"></form></td></tr>
                  </tbody>
                </table>
                <form id="elsewhere" hx-post="/elsewhere" hx-swap="none"></form>
                """));
            web.MapPost("/row", async (HttpRequest request) =>
            {
                saved = (await request.ReadFormAsync())["value"].ToString();
                return Fragment(Row(saved));
            });
            web.MapGet("/row", () => Fragment(Row(saved + " again")));
            web.MapPost("/elsewhere", (HttpResponse response) =>
            {
                saved = "from elsewhere";
                response.Headers["HX-Trigger"] = """{"changed-name":{}}""";
                return Fragment("<p>ignored</p>");
            });
        });

        var page = await app.Browser.OpenAsync("/");
        page.Fill("value", "new");
        await page.TriggerAsync("#row-name form");

        Assert.Equal("<td>new</td>", page.Element("table > tbody > tr#row-name").InnerHtml);
        Assert.Single(page.Document.QuerySelectorAll("tr"));

        await page.SubmitAsync("#elsewhere");
        Assert.Equal("from elsewhere again", page.Text("table > tbody > tr#row-name"));
        Assert.Null(page.Document.QuerySelector("p"));
        Assert.Equal(["GET /", "POST /row", "POST /elsewhere", "GET /row"], app.Browser.Requests.Select(Line));
    }

    [Fact]
    public async Task HxDisinheritStopsTheSlotsTargetAndSwapAtTheSlot()
    {
        await using var app = await TinyApp.StartAsync(web =>
        {
            // The app's header slot: its own request swaps #theme outerHTML; the form inside must not inherit that.
            web.MapGet("/", () => Html("""
                <div id="slot" hx-get="/slot" hx-trigger="refresh from:body" hx-target="#theme" hx-swap="outerHTML" hx-disinherit="hx-target hx-swap">
                  <div id="theme"><form id="pick" hx-post="/pick"><input name="value" value="dark"></form></div>
                </div>
                <div hx-target="#theme" hx-disinherit="*"><form id="star" hx-post="/pick"></form></div>
                <div hx-target="#theme"><form id="unset" hx-post="/pick" hx-target="unset"></form></div>
                """));
            web.MapPost("/pick", (HttpRequest request) => Fragment($"<i>{request.Headers["HX-Target"]}</i>"));
            web.MapGet("/slot", () => Fragment("""<div id="theme">refreshed</div>"""));
        });

        var page = await app.Browser.OpenAsync("/");
        await page.SubmitAsync("#pick");
        Assert.Equal("<i>pick</i>", page.Element("#pick").InnerHtml);
        await page.SubmitAsync("#star");
        Assert.Equal("<i>star</i>", page.Element("#star").InnerHtml);
        await page.SubmitAsync("#unset");
        Assert.Equal("<i>unset</i>", page.Element("#unset").InnerHtml);

        await page.TriggerAsync("#slot");
        Assert.Equal("""<div id="theme">refreshed</div>""", page.Element("#slot").InnerHtml.Trim());
    }

    [Fact]
    public async Task HxHeadersMergeUpTheTreeWithTheNearerElementWinning()
    {
        await using var app = await TinyApp.StartAsync(web =>
        {
            web.MapGet("/", () => Results.Content("""
                <!DOCTYPE html><html><head></head><body hx-headers='{"X-Tab": "t1", "X-Both": "body", "HX-Request": "no"}'>
                <form hx-post="/echo" data-hx-headers='"X-Both": "form", "X-Count": 2'></form>
                </body></html>
                """, "text/html"));
            web.MapPost("/echo", (HttpRequest request) =>
                Fragment(string.Join(";", MergedHeaders.Select(h => $"{h}={request.Headers[h]}"))));
        });

        var page = await app.Browser.OpenAsync("/");
        await page.SubmitAsync("form");

        // htmx's own headers are set first and hx-headers cannot replace them.
        Assert.Equal("X-Tab=t1;X-Both=form;X-Count=2;HX-Request=true", page.Text("form"));
    }

    [Fact]
    public async Task HxRetargetAndHxReswapSendAnErrorFragmentToTheAlerts()
    {
        const string config = """
            <meta name="htmx-config" content='{"responseHandling":[{"code":"[23]..","swap":true},{"code":"400","swap":true,"error":true},{"code":"[45]..","swap":false,"error":true}]}'>
            """;
        await using var app = await TinyApp.StartAsync(web =>
        {
            web.MapGet("/", () => Html("""
                <div id="alerts"><span>none</span></div>
                <div id="row"><form hx-post="/save" hx-target="#row" hx-swap="outerHTML"><input name="status"></form></div>
                """, config));
            web.MapPost("/save", async (HttpContext context) =>
            {
                var status = (await context.Request.ReadFormAsync())["status"].ToString();
                context.Response.Headers["HX-Retarget"] = "#alerts";
                context.Response.Headers["HX-Reswap"] = "innerHTML";
                return Results.Content($"<p>refused {status}</p>", "text/html", statusCode: int.Parse(status, System.Globalization.CultureInfo.InvariantCulture));
            });
        });

        var page = await app.Browser.OpenAsync("/");
        page.Fill("status", "400");
        await page.SubmitAsync("form");

        Assert.Equal("<p>refused 400</p>", page.Element("#alerts").InnerHtml);
        Assert.NotNull(page.Document.QuerySelector("#row form"));

        // A status the config does not swap goes nowhere, retargeted or not.
        page.Fill("status", "409");
        await page.SubmitAsync("form");
        Assert.Equal("<p>refused 400</p>", page.Element("#alerts").InnerHtml);
    }

    [Fact]
    public async Task HxRefreshReloadsThePageWithAFullGet()
    {
        var loads = 0;
        await using var app = await TinyApp.StartAsync(web =>
        {
            web.MapGet("/page", () => Html($"""<p id="loads">{++loads}</p><div id="check" hx-get="/check" hx-swap="none"></div>"""));
            web.MapGet("/check", (HttpResponse response) =>
            {
                response.Headers["HX-Refresh"] = "true";
                return Results.NoContent();
            });
        });

        var page = await app.Browser.OpenAsync("/page?tab=1");
        var reloaded = await page.TriggerAsync("#check");

        Assert.NotSame(page, reloaded);
        Assert.Equal("2", reloaded.Text("#loads"));
        Assert.Equal("/page?tab=1", reloaded.Url.PathAndQuery);
        Assert.False(app.Browser.Requests[^1].IsHtmx);
    }

    [Fact]
    public async Task SwapNoneLeavesThePageAndAnUnknownStyleIsRefused()
    {
        await using var app = await TinyApp.StartAsync(web =>
        {
            web.MapGet("/", () => Html("""
                <form id="quiet" hx-post="/answer" hx-swap="none"><input name="a" value="1"></form>
                <form id="fancy" hx-post="/answer" hx-swap="beforeend"></form>
                """));
            web.MapPost("/answer", () => Fragment("<p>answer</p>"));
        });

        var page = await app.Browser.OpenAsync("/");
        await page.SubmitAsync("#quiet");
        Assert.Null(page.Document.QuerySelector("p"));
        Assert.Equal("a=1", app.Browser.Requests[^1].Body);

        await Assert.ThrowsAsync<NotSupportedException>(() => page.SubmitAsync("#fancy"));
    }

    [Fact]
    public async Task AHiddenFalseBeforeACheckboxSendsFalseOrBoth()
    {
        await using var app = await TinyApp.StartAsync(web =>
        {
            // The app's boolean row: the hidden "false" always goes, the checked box adds "true" after it.
            web.MapGet("/", () => Html("""
                <form hx-post="/echo" hx-swap="none">
                  <input type="hidden" name="value" value="false"><input type="checkbox" name="value" value="true">
                  <select name="theme"><option value="light" selected>Light</option><option value="dark">Dark</option></select>
                </form>
                """));
            web.MapPost("/echo", (HttpRequest request) => Fragment(""));
        });

        var page = await app.Browser.OpenAsync("/");
        await page.SubmitAsync("form");
        Assert.Equal("value=false&theme=light", app.Browser.Requests[^1].Body);

        page.Check("value", true);
        page.Fill("theme", "dark");
        await page.SubmitAsync("form");
        Assert.Equal("value=false&value=true&theme=dark", app.Browser.Requests[^1].Body);

        Assert.Throws<InvalidOperationException>(() => page.Fill("theme", "Dark"));
    }

    [Theory]
    [InlineData(302, "GET /target body=")]
    [InlineData(303, "GET /target body=")]
    [InlineData(307, "POST /target body=a=1")]
    public async Task RedirectsAreFollowedLikeAFetch(int status, string expected)
    {
        await using var app = await TinyApp.StartAsync(web =>
        {
            web.MapGet("/", () => Html($"""<form method="post" action="/go"><input name="a" value="1"></form>"""));
            web.MapPost("/go", (HttpResponse response) =>
            {
                response.Headers.Location = "/target";
                return Results.StatusCode(status);
            });
            web.MapMethods("/target", ["GET", "POST"], async (HttpRequest request) =>
                Html($"<p>{request.Method} {request.Path} body={(request.HasFormContentType ? await new StreamReader(request.Body).ReadToEndAsync() : "")}</p>"));
        });

        var page = await app.Browser.OpenAsync("/");
        var landed = await page.SubmitAsync("form");

        Assert.Equal(expected, landed.Text("p"));
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
                return Fragment("<p>not swapped</p>");
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

    [Theory]
    [InlineData("""{"nameChanged":{"name":"x"},"unheard":"y"}""")]
    [InlineData("nameChanged, unheard")]
    public async Task HxTriggerReFetchesOnlyTheListenersOfThatEvent(string trigger)
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
                context.Response.Headers["HX-Trigger"] = trigger;
                return Fragment("saved");
            });
            web.MapGet("/greeting", () => Fragment($"Hi {name}"));
            web.MapGet("/other", () => Fragment("other again"));
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
    public async Task AnEventThatKeepsTriggeringItselfIsStopped()
    {
        await using var app = await TinyApp.StartAsync(web =>
        {
            web.MapGet("/", () => Html("""<div id="loop" hx-get="/loop" hx-trigger="again from:body"></div>"""));
            web.MapGet("/loop", (HttpResponse response) =>
            {
                response.Headers["HX-Trigger"] = "again";
                return Fragment("looping");
            });
        });

        var page = await app.Browser.OpenAsync("/");

        var loop = await Assert.ThrowsAsync<InvalidOperationException>(() => page.TriggerAsync("#loop"));
        Assert.Contains("re-triggering itself", loop.Message, StringComparison.Ordinal);
        Assert.Equal(6, app.Browser.Requests.Count(r => r.Url.AbsolutePath == "/loop"));
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
                return Fragment($"header={request.Headers["RequestVerificationToken"]};field={field}");
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
            web.MapGet("/search", (HttpRequest request) => Fragment(string.Join(
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

    [Theory]
    [InlineData("""<form hx-post="/answer" hx-vals='{"a":1}'></form>""", "")]
    [InlineData("""<div hx-boost="true"><form method="post" action="/answer"></form></div>""", "")]
    [InlineData("""<form data-hx-put="/answer"></form>""", "")]
    [InlineData("""<form hx-post="/answer"></form>""", "HX-Location")]
    [InlineData("""<form hx-post="/answer"></form>""", "HX-Push-Url")]
    [InlineData("""<form hx-post="/answer"></form>""", "oob")]
    [InlineData("""<form hx-post="/answer"></form>""", "oob-beforeend")]
    public async Task WhatTheDriverDoesNotEmulateIsRefusedNotIgnored(string form, string answer)
    {
        await using var app = await TinyApp.StartAsync(web =>
        {
            web.MapGet("/", () => Html(form + """<p id="x">x</p>"""));
            web.MapMethods("/answer", ["POST", "PUT"], (HttpResponse response) =>
            {
                if (answer.StartsWith("HX-", StringComparison.Ordinal))
                {
                    response.Headers[answer] = "/elsewhere";
                }

                return Fragment(answer switch
                {
                    "oob" => """<p id="x" hx-swap-oob="innerHTML">y</p>""",
                    "oob-beforeend" => """<p id="x" hx-swap-oob="beforeend:#x">y</p>""",
                    _ => "",
                });
            });
        });

        var page = await app.Browser.OpenAsync("/");

        await Assert.ThrowsAsync<NotSupportedException>(() => page.SubmitAsync("form"));
    }

    [Theory]
    [InlineData("hx-swap-oob")]
    [InlineData("data-hx-swap-oob")]
    public async Task OutOfBandElementsReplaceTheElementWithTheirIdAndTheRestSwapsIntoTheTarget(string oob)
    {
        await using var app = await TinyApp.StartAsync(web =>
        {
            web.MapGet("/", () => Html("""
                <form hx-post="/save" hx-target="#out"></form>
                <div id="out">old</div>
                <header><p id="greeting" class="old">Hello</p></header>
                <span id="badge">0</span>
                """));
            web.MapPost("/save", () => Fragment($"""
                <b>saved</b><p id="greeting" {oob}="true" class="new">Hi Ada</p><div><span id="badge" {oob}="outerHTML">1</span></div>
                """));
        });
        var page = await app.Browser.OpenAsync("/");

        await page.SubmitAsync("form");

        // Swapped into the target, the answer would be in #out; ignored, the greeting would still say Hello.
        Assert.Equal("<b>saved</b><div></div>", page.Element("#out").InnerHtml.Trim());
        Assert.Equal("""<p id="greeting" class="new">Hi Ada</p>""", page.Html("header #greeting"));
        Assert.Single(page.Document.QuerySelectorAll("#greeting"));
        Assert.Equal("1", page.Text("#badge"));
        Assert.Null(page.Element("#badge").GetAttribute(oob));
        Assert.Single(app.Browser.Requests, r => r.Method == HttpMethod.Post);
    }

    [Fact]
    public async Task OutOfBandElementsInATemplateAfterATableCellSwapAndTheTemplateGoes()
    {
        await using var app = await TinyApp.StartAsync(web =>
        {
            web.MapGet("/", () => Html("""
                <table><tr><td><form hx-post="/save" hx-target="#cell" hx-swap="outerHTML"></form></td><td id="cell">old</td></tr></table>
                <div id="switch"><form><select name="theme"><option>light</option></select></form></div>
                """));
            // A <form> straight after a cell would be dropped by the parser; in a <template> it stays.
            web.MapPost("/save", () => Fragment("""
                <td id="cell">new</td><template><div id="switch" hx-swap-oob="true"><form><select name="theme"><option>dark</option></select></form></div></template><template><i>kept</i></template>
                """));
        });
        var page = await app.Browser.OpenAsync("/");

        await page.SubmitAsync("form");

        Assert.Equal("new", page.Text("#cell"));
        Assert.Equal("dark", page.Text("#switch form select option"));
        Assert.Null(page.Element("#switch").GetAttribute("hx-swap-oob"));
        Assert.Empty(page.Document.QuerySelectorAll("tr template:has(#switch), #switch template"));
    }

    [Fact]
    public async Task OutOfBandElementsSwapEvenWhenTheTargetSwapsNothing()
    {
        await using var app = await TinyApp.StartAsync(web =>
        {
            web.MapGet("/", () => Html("""<form hx-post="/save" hx-swap="none"><p>form</p></form><p id="greeting">Hello</p>"""));
            web.MapPost("/save", () => Fragment("""<i>ignored</i><p id="greeting" hx-swap-oob="true">Hi Ada</p>"""));
        });
        var page = await app.Browser.OpenAsync("/");

        await page.SubmitAsync("form");

        Assert.Equal("Hi Ada", page.Text("#greeting"));
        Assert.Equal("<p>form</p>", page.Element("form").InnerHtml);
    }

    [Fact]
    public async Task AnOutOfBandElementWithNoTwinOnThePageIsNamedNotDropped()
    {
        await using var app = await TinyApp.StartAsync(web =>
        {
            web.MapGet("/", () => Html("""<form hx-post="/save"></form>"""));
            web.MapPost("/save", () => Fragment("""<p id="greeting" hx-swap-oob="true">Hi Ada</p>"""));
        });
        var page = await app.Browser.OpenAsync("/");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => page.SubmitAsync("form"));
        Assert.Contains("greeting", error.Message, StringComparison.Ordinal);
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

    private static readonly string[] MergedHeaders = ["X-Tab", "X-Both", "X-Count", "HX-Request"];

    private static readonly string[] EchoedHeaders = ["HX-Request", "HX-Target", "HX-Current-URL", "HX-Trigger", "HX-Trigger-Name", "HX-Boosted"];

    private const string Form = """
        <form hx-post="/validate" hx-target="#out"><input name="status"></form>
        <div id="out">untouched</div>
        """;

    /// <summary>What the app answers an htmx request with: a partial, not a document.</summary>
    private static IResult Fragment(string html) => Results.Content(html, "text/html");

    private static string Row(string value) => $"""<tr id="row-name"><td>{value}</td></tr>""";

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
