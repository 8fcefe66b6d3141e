namespace SessionBridge.Web.Bridge.Sessions;

/// <summary>
/// A page that a login handoff lands on (GET /account): <see cref="RequireSignedInAttribute"/> lets it consume the
/// handoff, which signs the session in, before it checks for a signed-in user.
/// </summary>
public interface IHandoffLanding
{
    Task ConsumeHandoffAsync(CancellationToken cancellationToken);
}
