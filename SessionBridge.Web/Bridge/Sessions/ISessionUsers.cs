namespace SessionBridge.Web.Bridge.Sessions;

/// <summary>A signed-in user as every part of a request sees it, resolved once per request.</summary>
public sealed record SessionUser(string Id, string Email, string DisplayName);

/// <summary>The app's user directory as the bridge needs it: the user behind a session, or null when gone or disabled.</summary>
public interface ISessionUsers
{
    ValueTask<SessionUser?> FindAsync(string userId, CancellationToken cancellationToken = default);
}
