namespace SessionBridge.Keys;

/// <summary>The whitelist of the session data table, in display order. Adding a key is one entry here.</summary>
public sealed class SessionKeyRegistry
{
    private readonly Dictionary<string, SessionKey> _byName;

    public SessionKeyRegistry(IEnumerable<SessionKey> keys)
    {
        Keys = [.. keys];
        _byName = Keys.ToDictionary(key => key.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<SessionKey> Keys { get; }

    public SessionKey? Find(string name) => _byName.GetValueOrDefault(name);

    public bool CarriesOverAtLogin(string name) => Find(name)?.CarriesOverAtLogin == true;

    public bool KeptAtSignOut(string name) => Find(name)?.KeptAtSignOut == true;
}
