namespace SessionBridge.Sessions;

/// <summary>
/// User → session ids. The sessions' own records stay the truth: an id whose session is gone is pruned when the
/// index is listed, so an expired session needs no sweeper here either.
/// </summary>
public interface ISessionIndex
{
    /// <summary>
    /// Adds the session and returns the user's ids as they are after it, the new one among them: a sign-in lists the
    /// user's sessions without asking the index again (with Redis, in the same round trip as the addition).
    /// </summary>
    Task<IReadOnlyCollection<string>> AddAsync(string userId, string sessionId, CancellationToken cancellationToken = default);

    Task RemoveAsync(string userId, string sessionId, CancellationToken cancellationToken = default);

    Task<IReadOnlyCollection<string>> ListAsync(string userId, CancellationToken cancellationToken = default);
}
