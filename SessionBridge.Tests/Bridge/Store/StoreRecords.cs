using System.Text;
using SessionBridge.Store;

namespace SessionBridge.Tests.Bridge.Store;

/// <summary>Records and changes for store-level tests, all relative to the test's clock.</summary>
internal static class StoreRecords
{
    public static SessionInfo Visitor(TimeProvider time)
    {
        var now = time.GetUtcNow();
        return new SessionInfo(null, now, now, now.AddDays(90), false, null, null, null);
    }

    public static SessionChange Change(TimeProvider time, params (string Key, string Value)[] set) =>
        new(Values(set), [], null, time.GetUtcNow().AddMinutes(20));

    public static Dictionary<string, byte[]> Values(params (string Key, string Value)[] values) =>
        values.ToDictionary(v => v.Key, v => Encoding.UTF8.GetBytes(v.Value), StringComparer.Ordinal);
}
