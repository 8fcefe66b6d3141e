using System.Collections.Concurrent;

namespace SessionBridge.Sessions;

/// <summary>The embedded default of <see cref="ISessionIndex"/>.</summary>
internal sealed class MemorySessionIndex : ISessionIndex
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _byUser = new(StringComparer.Ordinal);

    public Task<IReadOnlyCollection<string>> AddAsync(string userId, string sessionId, CancellationToken cancellationToken = default)
    {
        var sessions = _byUser.GetOrAdd(userId, _ => new(StringComparer.Ordinal));
        sessions[sessionId] = 0;
        return Task.FromResult<IReadOnlyCollection<string>>([.. sessions.Keys]);
    }

    public Task RemoveAsync(string userId, string sessionId, CancellationToken cancellationToken = default)
    {
        if (_byUser.TryGetValue(userId, out var sessions))
        {
            sessions.TryRemove(sessionId, out _);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyCollection<string>> ListAsync(string userId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyCollection<string>>(_byUser.TryGetValue(userId, out var sessions) ? [.. sessions.Keys] : []);
}
