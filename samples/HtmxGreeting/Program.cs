using System.Text.Encodings.Web;

namespace HtmxGreeting;

/// <summary>
/// One page whose form greets by name through htmx and remembers the name in a cookie. The greeting word comes from
/// configuration and the year from the clock, so a test can show it set both. It links htmx without serving it:
/// the driver runs no script.
/// </summary>
public sealed class Program
{
    private Program()
    {
    }

    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        // Read before Build, as many apps read their settings: a test's override must be visible this early.
        var word = builder.Configuration["Greeting"] ?? "Hello";
        builder.Services.AddSingleton(TimeProvider.System);
        var app = builder.Build();

        app.MapGet("/", (HttpRequest request, IWebHostEnvironment environment, TimeProvider clock) =>
        {
            var greeting = request.Cookies["name"] is { } name ? $"Welcome back, {name}" : "";
            return Html($"""
                <!DOCTYPE html>
                <html lang="en">
                <head><title>Greeter</title><script src="/htmx.min.js" defer></script></head>
                <body>
                  <form id="greet" hx-post="/greet" hx-target="#greeting" hx-swap="outerHTML">
                    <input name="name" aria-label="Name">
                    <button name="action" value="greet">Greet</button>
                  </form>
                  <p id="greeting">{Encode(greeting)}</p>
                  <footer><span id="environment">{Encode(environment.EnvironmentName)}</span> {clock.GetUtcNow().Year}</footer>
                </body>
                </html>
                """);
        });

        app.MapPost("/greet", async (HttpRequest request, HttpResponse response) =>
        {
            var name = (await request.ReadFormAsync(request.HttpContext.RequestAborted))["name"].ToString();
            response.Cookies.Append("name", name);
            return Html($"""<p id="greeting">{Encode($"{word} {name}")}</p>""");
        });

        app.Run();
    }

    private static IResult Html(string html) => Results.Content(html, "text/html");

    private static string Encode(string text) => HtmlEncoder.Default.Encode(text);
}
