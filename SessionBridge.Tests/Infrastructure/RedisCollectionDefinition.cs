namespace SessionBridge.Tests.Infrastructure;

/// <summary>
/// <c>[Collection("redis")]</c> shares one <see cref="RedisServer"/> across test classes (which then don't run in
/// parallel with each other). Tests that stop the server (outages) should start their own with
/// <see cref="RedisServer.StartNewAsync"/> or use <c>IClassFixture&lt;RedisServer&gt;</c> instead.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RedisCollectionDefinition : ICollectionFixture<RedisServer>
{
    public const string Name = "redis";
}
