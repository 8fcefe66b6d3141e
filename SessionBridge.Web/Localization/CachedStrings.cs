using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Localization;

namespace SessionBridge.Web.Localization;

/// <summary>
/// <see cref="Strings"/> with every string it found remembered per UI culture. ResourceManager.GetString takes a lock
/// on each call, and the hot fragments (the greeting, a save's "Updated" cell) queued on it under load
/// (docs/benchmarks.md). The .resx files do not change while the app runs, and only strings found in them are kept,
/// so what is remembered is bounded by the five languages times the names in Strings.resx.
/// </summary>
public sealed class CachedStrings(IStringLocalizerFactory factory) : IStringLocalizer<Strings>
{
    private readonly IStringLocalizer _resources = factory.Create(typeof(Strings));
    private readonly ConcurrentDictionary<(string Culture, string Name), LocalizedString> _found = new();

    public LocalizedString this[string name]
    {
        get
        {
            var key = (CultureInfo.CurrentUICulture.Name, name);
            if (_found.TryGetValue(key, out var found))
            {
                return found;
            }

            var text = _resources[name];
            if (!text.ResourceNotFound)
            {
                _found.TryAdd(key, text);
            }

            return text;
        }
    }

    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var format = this[name];
            return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, format.Value, arguments), format.ResourceNotFound, format.SearchedLocation);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => _resources.GetAllStrings(includeParentCultures);
}
