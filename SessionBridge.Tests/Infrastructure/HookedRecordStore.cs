using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using SessionBridge.Store;

namespace SessionBridge.Tests.Infrastructure;

/// <summary>
/// The memory store with a hook before loads, commits and deletes, to make the store slow or hang where a test needs it
/// (a store that stops answering, a client that leaves while a commit is written), and a record of the loads.
/// </summary>
internal sealed class HookedRecordStore(MemorySessionRecordStore inner) : ISessionRecordStore
{
    private readonly ConcurrentQueue<string> _loads = new();

    /// <summary>The session id of every load so far, in order.</summary>
    public IReadOnlyCollection<string> Loads => _loads;

    /// <summary>Makes the app's session store a hooked memory store.</summary>
    public static void AddTo(IServiceCollection services) =>
        services.AddSingleton<ISessionRecordStore>(sp => new HookedRecordStore(ActivatorUtilities.CreateInstance<MemorySessionRecordStore>(sp)));

    /// <summary>The hooked store of an app made with <see cref="AddTo"/>.</summary>
    public static HookedRecordStore Of(IServiceProvider services) => (HookedRecordStore)services.GetRequiredService<ISessionRecordStore>();

    /// <summary>Awaited before each load; the load then goes ahead as usual.</summary>
    public Func<CancellationToken, Task>? BeforeLoad { get; set; }

    /// <summary>Awaited before each commit; the commit then goes ahead as usual.</summary>
    public Func<CancellationToken, Task>? BeforeCommit { get; set; }

    /// <summary>Awaited before each delete; the delete then goes ahead as usual.</summary>
    public Func<CancellationToken, Task>? BeforeDelete { get; set; }

    public string Kind => inner.Kind;

    public async Task<SessionRecord?> LoadAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        _loads.Enqueue(sessionId);
        await (BeforeLoad?.Invoke(cancellationToken) ?? Task.CompletedTask);
        return await inner.LoadAsync(sessionId, cancellationToken);
    }

    public Task CreateAsync(string sessionId, SessionInfo info, IReadOnlyDictionary<string, byte[]> values, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) =>
        inner.CreateAsync(sessionId, info, values, expiresAt, cancellationToken);

    public async Task<bool> CommitAsync(string sessionId, SessionChange change, CancellationToken cancellationToken = default)
    {
        await (BeforeCommit?.Invoke(cancellationToken) ?? Task.CompletedTask);
        return await inner.CommitAsync(sessionId, change, cancellationToken);
    }

    public async Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        await (BeforeDelete?.Invoke(cancellationToken) ?? Task.CompletedTask);
        return await inner.DeleteAsync(sessionId, cancellationToken);
    }

    public Task<(long Bytes, TimeSpan? TimeToLive)> DescribeAsync(string sessionId, CancellationToken cancellationToken = default) => inner.DescribeAsync(sessionId, cancellationToken);

    public Task PingAsync(CancellationToken cancellationToken = default) => inner.PingAsync(cancellationToken);
}
