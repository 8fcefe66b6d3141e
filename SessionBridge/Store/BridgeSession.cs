using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using SessionBridge.Events;
using SessionBridge.Telemetry;
using static SessionBridge.Telemetry.SessionBridgeTelemetry;

namespace SessionBridge.Store;


/// <summary>
/// The <see cref="ISession"/> of one request. Loaded asynchronously before the page runs (never a blocking load),
/// it remembers which keys the request set or removed and commits only those, so concurrent requests of one session
/// that write different keys all survive. Unlike the stock session it can rotate its id and end itself.
/// </summary>
public sealed class BridgeSession : ISession
{
    private readonly ISessionRecordStore _store;
    private readonly SessionLifetimes _lifetimes;
    private readonly TimeProvider _time;
    private readonly Func<CancellationToken, ValueTask<TimeSpan?>> _tryEstablish;
    private readonly TimeSpan _ioTimeout;
    private readonly SessionBridgeTelemetry? _telemetry;
    private readonly Dictionary<string, byte[]> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _set = new(StringComparer.Ordinal);
    private readonly HashSet<string> _removed = new(StringComparer.Ordinal);
    private string? _id;
    private bool _stored;
    private bool _infoChanged;
    private bool _responseStarted;

    /// <param name="ioTimeout">How long one store operation may take before the store counts as unavailable.</param>
    /// <param name="tryEstablish">Asked about a new session as it is stored: null lets it be, otherwise how long the client must wait (too many new sessions). Asynchronous: the count may live in Redis.</param>
    /// <param name="telemetry">Where store operations and session lifecycles are counted; null counts nothing.</param>
    public BridgeSession(ISessionRecordStore store, SessionLifetimes lifetimes, TimeProvider time, string? presentedId, TimeSpan ioTimeout, Func<CancellationToken, ValueTask<TimeSpan?>> tryEstablish, SessionBridgeTelemetry? telemetry = null)
    {
        _telemetry = telemetry;
        _tryEstablish = tryEstablish;
        _ioTimeout = ioTimeout;
        _store = store;
        _lifetimes = lifetimes;
        _time = time;
        _id = presentedId;
        PresentedId = presentedId;
    }

    public SessionState State { get; private set; } = SessionState.None;

    /// <summary>The id named by the request's cookie, whatever became of it.</summary>
    public string? PresentedId { get; }

    /// <summary>Set when the request created, rotated or refreshed the session: the cookie must be (re)written.</summary>
    public string? NewToken { get; private set; }

    public SessionInfo? Info { get; private set; }

    /// <summary>True when this request signed the session out (rather than finding it already ended).</summary>
    public bool EndedHere { get; private set; }

    public bool IsSignedIn => Info?.UserId is not null;

    /// <summary>True once the cookie needs writing again (a remembered session's Max-Age slides with the refresh).</summary>
    public bool CookieDue { get; private set; }

    /// <summary>
    /// Keys set or removed since the last commit. After the response started only a stored session can have them (a
    /// new one refuses <see cref="Set"/> then): they are committed at the end of the request.
    /// </summary>
    public bool HasPendingWrites => _set.Count > 0 || _removed.Count > 0;

    public bool IsAvailable => true;

    public string Id => _id ??= CreateId();

    public IEnumerable<string> Keys => _values.Keys;

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        if (_id is null || _stored || State == SessionState.Ended)
        {
            return;
        }

        var record = await Within(StartStore(StoreOperations.Load), _store.LoadAsync(_id, cancellationToken), cancellationToken);
        if (record is null)
        {
            _id = null;
            State = SessionState.Ended;
            return;
        }

        _stored = true;
        State = SessionState.Active;
        Info = record.Info;
        foreach (var (key, value) in record.Values)
        {
            _values[key] = value;
        }

        var now = _time.GetUtcNow();
        if (now - record.Info.LastSeenAt >= _lifetimes.RefreshInterval)
        {
            Info = record.Info with { LastSeenAt = now };
            _infoChanged = true;
            CookieDue = record.Info.Persistent;
        }
    }

    /// <summary>
    /// Takes the values of a record of this session loaded since: the live channel checks the session before every
    /// event, and what it renders for the tab must show the values of that check, not those of the stream's opening.
    /// Only for a request with nothing to commit, whose own writes it would otherwise lose.
    /// </summary>
    internal void Refresh(SessionRecord record)
    {
        if (HasPendingWrites)
        {
            throw new InvalidOperationException("A session with writes to commit cannot take the values of another load.");
        }

        _values.Clear();
        foreach (var (key, value) in record.Values)
        {
            _values[key] = value;
        }
    }

    public Task CommitAsync(CancellationToken cancellationToken = default) => CommitAsync(null, cancellationToken);

    /// <summary>
    /// Commits, and announces <paramref name="announce"/> to the session's open streams in the same step. A session that
    /// this commit creates has no stream to tell yet, so its event is not sent.
    /// </summary>
    internal async Task CommitAsync(SessionEvent? announce, CancellationToken cancellationToken = default)
    {
        if (_id is null || State == SessionState.Ended)
        {
            return;
        }

        try
        {
            if (!_stored)
            {
                if (_set.Count == 0 && !_infoChanged)
                {
                    return;
                }

                // The limit on new sessions is asked together with the creation, in one round trip of the store: a
                // session the limit refuses is deleted again at once, and its cookie is never sent. A flood of
                // refused requests costs the store a create and a delete each, and no memory.
                var refused = _tryEstablish(cancellationToken).AsTask();
                var creating = Within(StartStore(StoreOperations.Create), _store.CreateAsync(_id, Info!, _values, _lifetimes.ExpiresAt(Info!, _time.GetUtcNow()), cancellationToken), cancellationToken);
                string id = _id;
                try
                {
                    await Task.WhenAll(refused, creating);
                }
                catch when (creating.IsCompletedSuccessfully)
                {
                    await AbandonAsync(id);
                    throw;
                }

                if (await refused is { } retryAfter)
                {
                    await AbandonAsync(id);
                    throw new SessionCreationRefusedException(retryAfter);
                }

                _telemetry?.SessionCreated(IsSignedIn);
                _stored = true;
                State = SessionState.Active;
                CookieDue = true;
            }
            else if (_set.Count > 0 || _removed.Count > 0 || _infoChanged)
            {
                var change = new SessionChange(
                    new Dictionary<string, byte[]>(_set, StringComparer.Ordinal),
                    [.. _removed],
                    _infoChanged ? Info : null,
                    _lifetimes.ExpiresAt(Info!, _time.GetUtcNow()),
                    announce);
                if (!await Within(StartStore(StoreOperations.Commit), _store.CommitAsync(_id, change, cancellationToken), cancellationToken))
                {
                    // Revoked or expired while this request ran: the writes are refused, not resurrected.
                    _id = null;
                    State = SessionState.Ended;
                    throw new SessionEndedException();
                }

                if (announce is not null)
                {
                    _telemetry?.EventPublished(announce.IsSignOut);
                }
            }
        }
        catch (Exception ex) when (ex is SessionStoreUnavailableException or SessionCreationRefusedException)
        {
            // The caller is told, and tells its user ("Not saved"): the same writes are not tried again at the end
            // of the request, where they could land after all (a slow store) or be reported a second time.
            ClearPending();
            throw;
        }

        ClearPending();
    }

    private void ClearPending()
    {
        _set.Clear();
        _removed.Clear();
        _infoChanged = false;
    }

    public bool TryGetValue(string key, [NotNullWhen(true)] out byte[]? value) => _values.TryGetValue(key, out value);

    public void Set(string key, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        EnsureWritable();
        if (_responseStarted && !_stored)
        {
            // As the stock session does: the cookie of a new session can no longer be sent, so its values would be
            // lost with it. A stored session keeps the value (committed at the end of the request).
            throw new InvalidOperationException("The session cannot be established after the response has started.");
        }

        _values[key] = value;
        _set[key] = value;
        _removed.Remove(key);
    }

    public void Remove(string key)
    {
        EnsureWritable();
        if (_values.Remove(key))
        {
            _set.Remove(key);
            _removed.Add(key);
        }
    }

    public void Clear()
    {
        foreach (string key in _values.Keys.ToList())
        {
            Remove(key);
        }
    }

    /// <summary>The response has started: from now on a session that is not stored yet cannot be established.</summary>
    public void ResponseStarted() => _responseStarted = true;

    /// <summary>Lets a request that came with an ended session go on as a new visitor (the login page does).</summary>
    public void StartOver()
    {
        if (State == SessionState.Ended)
        {
            State = SessionState.None;
        }
    }

    /// <summary>Stores a new session now, even without values: the login handoff is bound to it.</summary>
    public async Task EstablishAsync(CancellationToken cancellationToken = default)
    {
        EnsureWritable();
        if (!_stored)
        {
            _infoChanged = true;
            await CommitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Moves the session to a new id for the signed-in user (no session fixation: the old id stops working), keeping
    /// only the values <paramref name="carryOver"/> allows; the old session's rows are deleted. Deleting the old
    /// session is the atomic step: of two requests rotating the same session, only one succeeds.
    /// </summary>
    public Task<bool> RotateAsync(SessionInfo signedIn, Func<string, bool> carryOver, CancellationToken cancellationToken = default) =>
        RotateAsync(signedIn, carryOver, _ => Task.CompletedTask, cancellationToken);

    /// <summary>
    /// <see cref="RotateAsync(SessionInfo, Func{string, bool}, CancellationToken)"/>, with <paramref name="alongside"/>
    /// (given the new id) sent together with the old session's deletion and the new one's creation, in the same round
    /// trip of the store.
    /// </summary>
    internal async Task<bool> RotateAsync(SessionInfo signedIn, Func<string, bool> carryOver, Func<string, Task> alongside, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signedIn);
        if (!_stored)
        {
            return false;
        }

        // One operation for the operator: its delete and its create are not measured apart.
        var timing = StartStore(StoreOperations.Rotate);
        try
        {
            // Optimistic: the new session is created while the old one is deleted, so a sign-in waits for one round
            // trip rather than two. The deletion stays the atomic step: a request that finds the old id deleted already
            // lost the race to another request of the same handoff, and deletes the session it created, whose token
            // never left it.
            var values = _values.Where(pair => carryOver(pair.Key)).ToDictionary(StringComparer.Ordinal);
            var (token, id) = SessionToken.Create(signedIn: signedIn.UserId is not null);
            var deleting = _store.DeleteAsync(_id!, cancellationToken);
            var creating = Task.WhenAll(_store.CreateAsync(id, signedIn, values, _lifetimes.ExpiresAt(signedIn, _time.GetUtcNow()), cancellationToken), alongside(id));
            try
            {
                await Task.WhenAll(deleting, creating);
            }
            catch when (creating.IsCompletedSuccessfully)
            {
                await AbandonAsync(id);
                throw;
            }

            if (!await deleting)
            {
                await AbandonAsync(id);
                timing.Ok();
                return false;
            }

            _telemetry?.SessionEnded(EndReasons.Rotated);
            Become(token, id, signedIn, values);
            timing.Ok();
            return true;
        }
        catch (Exception ex)
        {
            timing.Failed(ex);
            throw;
        }
    }

    /// <summary>Deletes the session server-side; the cookie is deleted with the response.</summary>
    public async Task EndAsync(CancellationToken cancellationToken = default)
    {
        if (_id is not null && _stored)
        {
            await (_telemetry?.DeleteAsync(_store, _id, cancellationToken) ?? _store.DeleteAsync(_id, cancellationToken));
        }

        Forget();
    }

    /// <summary>
    /// The session was ended server-side by someone else (its user is gone, and the gate ended it): forgets it here
    /// like <see cref="EndAsync"/> without deleting it a second time; the cookie is deleted with the response.
    /// </summary>
    public void Forget()
    {
        _id = null;
        _values.Clear();
        _set.Clear();
        _removed.Clear();
        Info = null;
        State = SessionState.Ended;
        EndedHere = true;
    }

    /// <summary>
    /// Ends the session server-side like <see cref="EndAsync"/>, but the values <paramref name="keep"/> allows move on
    /// to a new anonymous session of this browser (a new id and cookie): preferences of the device outlive a sign-out,
    /// nothing of the signed-in session's id or user does. With nothing to keep the cookie is deleted as usual.
    /// </summary>
    public async Task EndKeepingAsync(Func<string, bool> keep, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keep);
        var kept = _values.Where(pair => keep(pair.Key)).ToDictionary(StringComparer.Ordinal);
        await EndAsync(cancellationToken);
        if (kept.Count == 0)
        {
            return;
        }

        var timing = StartStore(StoreOperations.Create);
        try
        {
            var info = NewVisitorInfo();
            var (token, id) = SessionToken.Create(signedIn: false);
            await _store.CreateAsync(id, info, kept, _lifetimes.ExpiresAt(info, _time.GetUtcNow()), cancellationToken);
            Become(token, id, info, kept);
            timing.Ok();
        }
        catch (Exception ex)
        {
            timing.Failed(ex);
            throw;
        }
    }

    /// <summary>Makes a session just stored (new token, new id) with these values this request's session.</summary>
    private void Become(string token, string id, SessionInfo info, Dictionary<string, byte[]> values)
    {
        _telemetry?.SessionCreated(info.UserId is not null);
        _id = id;
        NewToken = token;
        Info = info;
        _stored = true;
        State = SessionState.Active;
        CookieDue = true;
        EndedHere = false;
        _values.Clear();
        foreach (var (key, value) in values)
        {
            _values[key] = value;
        }

        _set.Clear();
        _removed.Clear();
        _infoChanged = false;
    }

    /// <summary>
    /// Deletes a session this request created for nothing (refused, or its rotation lost the race): its token never
    /// left the request. Should the store fail here too, the session expires unused.
    /// </summary>
    private async Task AbandonAsync(string id)
    {
        try
        {
            await _store.DeleteAsync(id, CancellationToken.None);
        }
        catch (SessionStoreUnavailableException)
        {
            // What the caller reports is the refusal, the lost race or the first failure, not this one.
        }
    }

    /// <summary>What the store holds for this session (nothing until it is stored), for developers' inspection.</summary>
    public async Task<SessionFootprint> DescribeAsync(CancellationToken cancellationToken = default)
    {
        if (State != SessionState.Active)
        {
            return new SessionFootprint(_store.Kind, null, null, 0);
        }

        var (bytes, ttl) = await _store.DescribeAsync(_id!, cancellationToken);
        return new SessionFootprint(_store.Kind, SessionToken.LogTag(_id), ttl, bytes);
    }

    // The stock session bounds its I/O by SessionOptions.IOTimeout; so does this, whether or not a store honours
    // cancellation. WaitAsync on a task that already finished (the memory store) costs nothing.
    // The timing is started by the caller before the operation is: its span is then the current one while the store
    // sends its commands, so the Redis instrumentation's command spans nest below it.
    private async Task Within(StoreTiming timing, Task operation, CancellationToken cancellationToken)
    {
        try
        {
            await operation.WaitAsync(_ioTimeout, _time, cancellationToken);
            timing.Ok();
        }
        catch (TimeoutException ex)
        {
            timing.Failed(ex);
            throw new SessionStoreUnavailableException($"The session store did not answer within {_ioTimeout}.", ex);
        }
        catch (Exception ex)
        {
            timing.Failed(ex);
            throw;
        }
    }

    private async Task<T> Within<T>(StoreTiming timing, Task<T> operation, CancellationToken cancellationToken)
    {
        await Within(timing, (Task)operation, cancellationToken);
        return await operation;
    }

    // default(StoreTiming) records nothing: a session built without telemetry.
    private StoreTiming StartStore(string operation) => _telemetry?.StartStore(operation, _store.Kind) ?? default;

    private string CreateId()
    {
        var (token, id) = SessionToken.Create();
        NewToken = token;
        Info = NewVisitorInfo();
        return id;
    }

    private SessionInfo NewVisitorInfo()
    {
        var now = _time.GetUtcNow();
        return new SessionInfo(null, now, now, now + _lifetimes.Absolute, false, null, null, null);
    }

    private void EnsureWritable()
    {
        if (State == SessionState.Ended)
        {
            throw new SessionEndedException();
        }

        _ = Id;
    }
}
