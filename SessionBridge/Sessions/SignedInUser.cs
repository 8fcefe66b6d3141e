using System.Security.Claims;

namespace SessionBridge.Sessions;

/// <summary>The user behind a signed-in session, as the directory described them for this request.</summary>
/// <param name="Id">The user id the session was signed in for.</param>
/// <param name="Claims">What <see cref="ISessionUserDirectory.FindAsync"/> answered.</param>
public sealed record SignedInUser(string Id, IReadOnlyCollection<Claim> Claims);
