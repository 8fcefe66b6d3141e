using System.Collections.Concurrent;
using SessionBridge.Sessions;

namespace SessionBridge.Tests.Infrastructure;

/// <summary>The user directory of a <see cref="BridgeHost"/>: users the test adds, and disables when it likes.</summary>
public sealed class TestUsers : ISessionUsers
{
    private readonly ConcurrentDictionary<string, SessionUser> _enabled = new(StringComparer.Ordinal);

    public SessionUser Add(string id) => _enabled[id] = new SessionUser(id, id + "@example.com", id);

    public void Disable(string id) => _enabled.TryRemove(id, out _);

    public ValueTask<SessionUser?> FindAsync(string userId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_enabled.GetValueOrDefault(userId));
}
