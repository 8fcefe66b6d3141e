using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SessionBridge.Keys;
using SessionBridge.Tests.Infrastructure;
using SessionBridge.Web.Pages.Session;

namespace SessionBridge.Tests.Keys;

/// <summary>
/// A key the app does not have, added the way a developer adds one: one declaration, no label in the resources (it
/// reads as its name until worded), nothing else touched.
/// </summary>
public static class AddedKey
{
    public const string Name = "contrast";

    public const string Attribute = "data-contrast";

    public static SessionKey Key { get; } = SessionKey.Choice(Name, ["high", "normal"], defaultValue: "normal").OnHtml(Attribute);

    /// <summary>The app with its own keys and this one.</summary>
    public static SessionBridgeApp WithAddedKey(this SessionBridgeApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.WithServices(services => services.Replace(
            ServiceDescriptor.Singleton(new SessionKeyRegistry([.. AppSessionKeys.All, Key]))));
    }
}
