using System.Security.Claims;

namespace SessionBridge.Sessions;

/// <summary>
/// The app's user directory as the bridge needs it. Asked on every request of a signed-in session (and by its open
/// streams), so it should answer from memory or a cache rather than a round trip of its own.
/// </summary>
public interface ISessionUserDirectory
{
    /// <summary>
    /// The claims of the user behind a session (a name as <see cref="ClaimTypes.Name"/>, an email, roles...), or null
    /// when the user is gone or disabled: the session is then ended everywhere and its request sent to sign in. The
    /// user id and the session are the bridge's to say: claims of those types given here are left out.
    /// </summary>
    ValueTask<IReadOnlyCollection<Claim>?> FindAsync(string userId, CancellationToken cancellationToken = default);
}
