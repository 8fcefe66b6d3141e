using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.WebEncoders;
using Microsoft.Net.Http.Headers;
using SessionBridge.Keys;
using SessionBridge.Sessions;
using SessionBridge.Web.Pages.Session;

namespace SessionBridge.Web.Localization;

public static class LocalizationExtensions
{
    /// <summary>
    /// The UI in the languages the "language" key offers: the one chosen in the session, else the best of the
    /// browser's Accept-Language among them, else English. Culture and UI culture are the same, so dates and times
    /// are written the way the text around them is.
    /// </summary>
    public static IServiceCollection AddAppLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        services.AddSingleton<IStringLocalizer<Strings>, CachedStrings>();

        // Razor encodes every character outside Basic Latin by default ("h&#xF6;her"): valid, but longer pages and
        // unreadable source in four of the five languages. Only what HTML needs escaped is escaped.
        services.Configure<WebEncoderOptions>(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddSingleton<SessionKeyText>();
        services.AddOptions<RequestLocalizationOptions>().Configure<SessionDataTable>((options, table) =>
        {
            string[] languages = [.. AppSessionKeys.Languages];
            options.SetDefaultCulture(languages[0]).AddSupportedCultures(languages).AddSupportedUICultures(languages);
            options.ApplyCurrentCultureToResponseHeaders = true;
            options.RequestCultureProviders = [new SessionLanguageCultureProvider(table), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        return services;
    }

    /// <summary>After UseSessionBridge: the culture provider reads the session that middleware loads.</summary>
    public static IApplicationBuilder UseAppLocalization(this IApplicationBuilder app)
    {
        app.UseRequestLocalization();

        // One address answers in the visitor's language, so a cache must keep one answer per Accept-Language. Static
        // files (which have no session) are the same in every language.
        return app.Use((context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<WithoutSessionAttribute>() is null)
            {
                context.Response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptLanguage);
            }

            return next(context);
        });
    }
}
