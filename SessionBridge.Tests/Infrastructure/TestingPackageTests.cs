using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SampleApp = HtmxGreeting.Program;

namespace SessionBridge.Tests.Infrastructure;

/// <summary>
/// SessionBridge.Testing as a developer outside this repo uses it: only its public API (this project has no access
/// to its internals), against a sample htmx app that knows nothing of SessionBridge.
/// </summary>
public sealed class TestingPackageTests
{
    [Fact]
    public async Task TheHostStartsTheAppInTheEnvironmentWithTheSettingsAndServicesATestPicks()
    {
        await using var host = new HtmxTestHost<SampleApp>()
            .WithEnvironment("Staging")
            .WithSetting("Greeting", "Howdy")
            .WithServices(services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2031, 1, 2, 0, 0, 0, TimeSpan.Zero))));
        using var browser = host.NewBrowser();

        var page = await browser.OpenAsync("/");
        Assert.Equal("Staging 2031", page.Text("footer"));
        page.Fill("name", "Ada");
        await page.SubmitAsync("#greet");

        Assert.Equal("Howdy Ada", page.Text("#greeting"));
        var late = Assert.Throws<InvalidOperationException>(() => host.WithSetting("Greeting", "Hi"));
        Assert.Contains("started", late.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachBrowserKeepsItsOwnCookies()
    {
        await using var host = new HtmxTestHost<SampleApp>();
        using var ada = host.NewBrowser();
        using var stranger = host.NewBrowser();

        var page = await ada.OpenAsync("/");
        Assert.Equal("Development", page.Text("#environment"));
        page.Fill("name", "Ada");
        await page.SubmitAsync("#greet");
        Assert.Equal("Hello Ada", page.Text("#greeting"));

        Assert.Equal("Welcome back, Ada", (await ada.OpenAsync("/")).Text("#greeting"));
        Assert.Equal("", (await stranger.OpenAsync("/")).Text("#greeting"));
        Assert.Equal("name=Ada", ada.Requests[^1].Headers["Cookie"]);
        Assert.False(stranger.Requests[^1].Headers.ContainsKey("Cookie"));
    }

    [Fact]
    public async Task HtmlFormsGivesWhatTheFormPosts()
    {
        await using var host = new HtmxTestHost<SampleApp>();
        using var browser = host.NewBrowser();
        var page = await browser.OpenAsync("/");
        page.Fill("name", "Ada");

        var form = (AngleSharp.Html.Dom.IHtmlFormElement)page.Element("#greet");

        Assert.Equal([new("name", "Ada")], HtmlForms.DataSet(form));
        Assert.Equal([new("name", "Ada"), new("action", "greet")], HtmlForms.DataSet(form, page.Element("button")));
    }

    [Fact]
    public void TheReadmesFirstTestIsTheOneThatRunsHere()
    {
        string readme = File.ReadAllText(Path.Combine(RequiredTool.RepoRoot(), "SessionBridge.Testing", "README.md"));
        string here = File.ReadAllText(Path.Combine(RequiredTool.RepoRoot(), "SessionBridge.Tests", "Infrastructure", "TestingPackageTests.cs"));

        // From the test's [Fact] to the end of its code block: the method and the class's closing brace.
        int start = readme.IndexOf("    [Fact]", StringComparison.Ordinal);
        string test = readme[start..readme.IndexOf("\n```", start, StringComparison.Ordinal)];

        Assert.Contains("Greeting_swaps_in_without_a_page_load", test, StringComparison.Ordinal);
        Assert.Contains(test.ReplaceLineEndings(), here.ReplaceLineEndings(), StringComparison.Ordinal);
    }
}

/// <summary>The first test of SessionBridge.Testing's README, word for word but for the app's Program.</summary>
public sealed class TestingPackageReadmeTest(WebApplicationFactory<SampleApp> app) : IClassFixture<WebApplicationFactory<SampleApp>>
{
    [Fact]
    public async Task Greeting_swaps_in_without_a_page_load()
    {
        using var browser = HtmxBrowser.For(app);
        var page = await browser.OpenAsync("/");

        page.Fill("name", "Ada");
        var after = await page.SubmitAsync("#greet");

        Assert.Same(page, after);
        Assert.Equal("Hello Ada", page.Text("#greeting"));
        var post = browser.Requests[^1];
        Assert.True(post.IsHtmx);
        Assert.Equal(HttpStatusCode.OK, post.Status);
        Assert.Equal("name=Ada", post.Body);
        Assert.Equal("greeting", post.Headers["HX-Target"]);
    }
}
