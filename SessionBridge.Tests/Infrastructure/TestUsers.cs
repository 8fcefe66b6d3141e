using System.Collections.Concurrent;
using System.Security.Claims;
using SessionBridge.Sessions;

namespace SessionBridge.Tests.Infrastructure;

/// <summary>The user directory of a <see cref="BridgeHost"/>: users the test adds, and disables when it likes.</summary>
public sealed class TestUsers : ISessionUserDirectory
{
    private readonly ConcurrentDictionary<string, IReadOnlyCollection<Claim>> _enabled = new(StringComparer.Ordinal);

    /// <summary>A user named as their id, with an email, and whatever other claims the test gives.</summary>
    public void Add(string id, params Claim[] claims) =>
        _enabled[id] = [new Claim(ClaimTypes.Name, id), new Claim(ClaimTypes.Email, id + "@example.com"), .. claims];

    public void Disable(string id) => _enabled.TryRemove(id, out _);

    public ValueTask<IReadOnlyCollection<Claim>?> FindAsync(string userId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_enabled.GetValueOrDefault(userId));
}
