using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Htmx.TagHelpers;
using SessionBridge;
using SessionBridge.Authentication;
using SessionBridge.Events;
using SessionBridge.Keys;
using SessionBridge.Sessions;

var builder = WebApplication.CreateBuilder(args);

// The session, its data table (one key: the theme, shown on <html data-theme>, kept by this browser across sign-in
// and sign-out), and who is signed in.
builder.Services.AddSessionBridge([QuickStartKeys.Theme], bridge =>
{
    bridge.LoginPath = "/login";
    bridge.EventsPath = "/events";
});
builder.Services.AddAuthentication(SessionBridgeAuthenticationDefaults.AuthenticationScheme)
    .AddSessionBridge(scheme => scheme.LandingPath = "/private");
builder.Services.AddAuthorization(authorization => authorization.FallbackPolicy = SessionBridgeAuthorization.FallbackPolicy);
builder.Services.AddSingleton<DemoUsers>();
builder.Services.AddSingleton<ISessionUserDirectory>(sp => sp.GetRequiredService<DemoUsers>());

var app = builder.Build();

app.UseRouting();
app.UseSessionBridge();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous().Add(endpoint => endpoint.Metadata.Add(new WithoutSessionAttribute()));
app.MapHtmxAntiforgeryScript().WithMetadata(new WithoutSessionAttribute()).AllowAnonymous();
app.MapRazorPages().WithStaticAssets();
app.MapSessionEvents();
app.Run();

public static class QuickStartKeys
{
    public static SessionKey Theme { get; } = SessionKey.Choice("theme", ["light", "dark"], defaultValue: "light", carriesOver: true, keptAtSignOut: true).OnHtml("data-theme");
}

/// <summary>One demo user from configuration (appsettings.Development.json): the app's user directory.</summary>
public sealed class DemoUsers(IConfiguration configuration) : ISessionUserDirectory
{
    private const string Id = "demo";

    /// <summary>Who signs in with this email and password, or null.</summary>
    public ClaimsPrincipal? Verify(string email, string password)
    {
        string? demoEmail = configuration["Demo:Email"];
        string? demoPassword = configuration["Demo:Password"];
        if (string.IsNullOrEmpty(demoEmail) || string.IsNullOrEmpty(demoPassword)
            || !string.Equals(email.Trim(), demoEmail, StringComparison.OrdinalIgnoreCase)
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(demoPassword)))
        {
            return null;
        }

        return new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, Id), .. Claims(demoEmail)], "password"));
    }

    public ValueTask<IReadOnlyCollection<Claim>?> FindAsync(string userId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyCollection<Claim>?>(userId == Id && configuration["Demo:Email"] is { } email ? Claims(email) : null);

    private static Claim[] Claims(string email) => [new(ClaimTypes.Name, email), new(ClaimTypes.Email, email)];
}

public partial class Program;
