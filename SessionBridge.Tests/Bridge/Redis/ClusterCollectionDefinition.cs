namespace SessionBridge.Tests.Bridge.Redis;

/// <summary><c>[Collection("redis-cluster")]</c>: the test classes that share one <see cref="ClusterNodes"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollectionDefinition : ICollectionFixture<ClusterNodes>
{
    public const string Name = "redis-cluster";
}
