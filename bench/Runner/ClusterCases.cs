namespace SessionBridge.Bench;

/// <summary>
/// The SessionBridge Redis read and save again, on a Redis Cluster: the same request and the same checked answer,
/// with a session of the cluster app, each compared (in the same round) with the case on one Redis it copies. Made
/// from those cases rather than written out again, so a change to them (a path, a header) is measured on both.
/// </summary>
internal static class ClusterCases
{
    public static async Task<IReadOnlyList<BenchCase>> PrepareAsync(App bridgeCluster, IReadOnlyList<BenchCase> cases)
    {
        var (cookie, form) = await Cases.BridgeSessionAsync(bridgeCluster);
        return
        [
            OnCluster(cases.Single(c => c.Id == "bridge-redis-read"), "bridge-cluster-read", "SessionBridge Redis Cluster: greeting with session"),
            OnCluster(cases.Single(c => c.Id == "bridge-redis-save"), "bridge-cluster-save", "SessionBridge Redis Cluster: save"),
        ];

        // The session cookie is a case's first header (Extras relies on it too); a case with a body posts the save form,
        // whose antiforgery token belongs to that session.
        BenchCase OnCluster(BenchCase oneRedis, string id, string label)
        {
            if (!oneRedis.Headers[0].StartsWith("Cookie: ", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{oneRedis.Id}: its first header is not the session cookie");
            }

            return oneRedis with
            {
                Id = id,
                Label = label,
                App = bridgeCluster,
                Headers = [cookie, .. oneRedis.Headers.Skip(1)],
                Body = oneRedis.Body.Length == 0 ? string.Empty : form,
                ComparedWith = oneRedis.Id,
            };
        }
    }
}
