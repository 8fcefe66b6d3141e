using System.Net;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Localization;

/// <summary>
/// The language key is real: every page, fragment and message is in the language chosen in the session, else the best
/// of the browser's Accept-Language among the five, else English, from the first byte (html lang, Content-Language).
/// </summary>
public sealed class LanguageTests : IDisposable
{
    private readonly SessionBridgeApp _app = new();

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData(null, "en", "Session data")]
    [InlineData("de-DE,de;q=0.9,en;q=0.8", "de", "Sitzungsdaten")]
    [InlineData("fr-CA", "fr", "Données de session")]
    [InlineData("pt-BR,es;q=0.7", "es", "Datos de sesión")]
    [InlineData("ja,nl;q=0.5", "nl", "Sessiegegevens")]
    [InlineData("ja,pt", "en", "Session data")]
    public async Task A_visitor_who_has_not_chosen_gets_the_best_of_Accept_Language_among_the_five(string? acceptLanguage, string language, string title)
    {
        using var browser = NewBrowser(acceptLanguage);

        var page = await browser.OpenAsync("/session");

        Assert.Equal(language, page.Document.DocumentElement.GetAttribute("lang"));
        Assert.Equal(title, page.Text("h1"));
        Assert.Equal(language, Assert.Single(page.Response.Content.Headers.ContentLanguage));
        Assert.Contains("Accept-Language", page.Response.Headers.Vary);
        Assert.Equal(language, page.Element("#value-language option[selected]").GetAttribute("value"));
        Assert.Equal(language, page.Element("#language-switch-value option[selected]").GetAttribute("value"));
    }

    [Fact]
    public async Task A_chosen_language_wins_over_Accept_Language_on_every_page_from_the_first_byte()
    {
        using var browser = NewBrowser("de");
        var session = await browser.OpenAsync("/session");

        using var saved = await browser.PostSessionValueAsync(session.AntiforgeryToken(), "language", "fr");
        var home = await browser.OpenAsync("/");
        var login = await browser.OpenAsync("/login");
        var table = await browser.OpenAsync("/session");

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.All(new[] { home, login, table }, page => Assert.Equal("fr", page.Document.DocumentElement.GetAttribute("lang")));
        Assert.Equal("Bonjour !", home.Text("#greeting"));
        Assert.Equal("Accueil · SessionBridge", home.Document.Title);
        Assert.Equal("Se connecter", login.Text("#login-form button[type=submit]"));
        Assert.Equal("Mot de passe", login.Text("label[for=password]"));
        Assert.Equal(["Clé", "Valeur", "Modifié"], table.Document.QuerySelectorAll("#session-table thead th").Select(th => th.TextContent));
        Assert.Equal("Langue", table.Text("label[for=value-language]"));
        Assert.Equal(["Système", "Clair", "Sombre"], table.Document.QuerySelectorAll("#value-theme option").Select(o => o.TextContent));
    }

    [Fact]
    public async Task Dates_are_written_the_way_the_chosen_language_writes_them()
    {
        using var browser = NewBrowser(null);
        var page = await browser.OpenAsync("/session");
        string token = page.AntiforgeryToken();
        (await browser.PostSessionValueAsync(token, "displayName", "Ana")).Dispose();
        string english = (await browser.OpenAsync("/session")).Text("#row-displayName time")!;

        (await browser.PostSessionValueAsync(token, "language", "de")).Dispose();
        var german = await browser.OpenAsync("/session");

        // ICU puts a narrow no-break space before AM.
        Assert.Equal("11/25/2026 9:00:00\u202FAM UTC", english);
        Assert.Equal("25.11.2026 09:00:00 UTC", german.Text("#row-displayName time"));
        Assert.Equal("2026-11-25T09:00:00Z", german.Element("#row-displayName time").GetAttribute("datetime"));
    }

    [Fact]
    public async Task Fragments_written_without_Razor_are_encoded_as_the_pages_are()
    {
        using var browser = NewBrowser("de");
        var page = await browser.OpenAsync("/session");
        (await browser.PostSessionValueAsync(page.AntiforgeryToken(), "displayName", "Jürgen <b>")).Dispose();

        string fragment = await browser.Client.GetStringAsync(new Uri("/header/greeting", UriKind.Relative));
        string home = await browser.Client.GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Equal("<p id=\"greeting\" class=\"greeting\">Hallo, Jürgen &lt;b&gt;</p>\n", fragment);
        Assert.Contains(fragment, home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_value_is_explained_in_the_chosen_language()
    {
        using var browser = NewBrowser(null);
        var page = await browser.OpenAsync("/session");
        (await browser.PostSessionValueAsync(page.AntiforgeryToken(), "language", "de")).Dispose();

        using var tooLong = await browser.PostSessionValueAsync(page.AntiforgeryToken(), "displayName", new string('x', 41));
        using var unknown = await browser.PostSessionValueAsync(page.AntiforgeryToken(), "isAdmin", "true");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        Assert.Contains("Anzeigename darf höchstens 40 Zeichen lang sein.", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("„isAdmin“ ist kein Sitzungsschlüssel.", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Error_pages_are_in_the_visitors_language()
    {
        using var browser = NewBrowser("es-ES");

        var missing = await browser.OpenAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
        Assert.Equal("es", missing.Document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Error 404", missing.Text("h1"));
        Assert.Equal("No hay nada en esta dirección.", missing.Text("main .alert"));
        Assert.Equal("Volver a la página de inicio", missing.Text("main a"));
    }

    [Fact]
    public async Task Login_notices_and_refusals_are_in_the_visitors_language()
    {
        using var browser = NewBrowser("nl-BE,nl;q=0.9");

        var signedOut = await browser.OpenAsync("/login?reason=signed-out");
        signedOut.Fill("email", "alice@example.com");
        signedOut.Fill("password", "not-her-password");
        var refused = await signedOut.SubmitAsync("#login-form");

        Assert.Equal("Je bent uitgelogd.", signedOut.Text(".notice"));
        Assert.Equal("E-mailadres of wachtwoord is onjuist.", refused.Text("#login-error"));
    }

    [Fact]
    public async Task The_account_page_is_in_the_chosen_language_after_signing_in()
    {
        using var browser = NewBrowser(null);
        var page = await browser.OpenAsync("/session");
        (await browser.PostSessionValueAsync(page.AntiforgeryToken(), "language", "nl")).Dispose();

        var account = await SessionBridgeApp.SignInAsync(browser);

        Assert.Equal("nl", account.Document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Welkom, Alice! Je bent ingelogd.", account.Text("#flash"));
        Assert.Equal("Actieve sessies", account.Text("#sessions-title"));
        Assert.Equal("zojuist", account.Text("#sessions tbody tr td:nth-child(4)"));
    }

    [Fact]
    public async Task Static_files_are_the_same_in_every_language_and_do_not_vary_by_it()
    {
        using var browser = NewBrowser("de");

        using var css = await browser.Client.GetAsync("/css/site.css");

        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.DoesNotContain("Accept-Language", css.Headers.Vary);
    }

    private HtmxBrowser NewBrowser(string? acceptLanguage)
    {
        var browser = _app.NewBrowser();
        if (acceptLanguage is not null)
        {
            browser.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        }

        return browser;
    }
}
