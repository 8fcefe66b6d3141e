namespace SessionBridge.Sessions;

/// <summary>
/// User → session ids. The sessions' own records stay the truth: an id whose session is gone is pruned when the
/// index is listed, so an expired session needs no sweeper here either.
/// </summary>
public interface ISessionIndex
{
    Task AddAsync(string userId, string sessionId, CancellationToken cancellationToken = default);

    Task RemoveAsync(string userId, string sessionId, CancellationToken cancellationToken = default);

    Task<IReadOnlyCollection<string>> ListAsync(string userId, CancellationToken cancellationToken = default);
}
