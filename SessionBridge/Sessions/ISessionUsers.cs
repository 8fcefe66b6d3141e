namespace SessionBridge.Sessions;

/// <summary>The app's user directory as the bridge needs it: the user behind a session, or null when gone or disabled.</summary>
public interface ISessionUsers
{
    ValueTask<SessionUser?> FindAsync(string userId, CancellationToken cancellationToken = default);
}
