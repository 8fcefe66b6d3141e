using System.Net.Sockets;
using SessionBridge.Store;
using StackExchange.Redis;

namespace SessionBridge.Tests.Bridge.Store;

/// <summary>
/// Which exceptions of a Redis call become the 503 (SessionStoreUnavailableException) rather than a 500. The connection
/// reset case was seen for real: Redis stopped while SADD was being written, and the socket's exception came through
/// StackExchange.Redis unwrapped.
/// </summary>
public sealed class RedisFailureTests
{
    public static TheoryData<Exception> Outages() => new()
    {
        new RedisConnectionException(ConnectionFailureType.UnableToConnect, "UnableToConnect"),
        new RedisTimeoutException("Timeout performing HGETALL", CommandStatus.Sent),
        new RedisServerException("LOADING Redis is loading the dataset in memory"),
        new IOException("Connection reset by peer", new SocketException((int)SocketError.ConnectionReset)),
        new ObjectDisposedException("ConnectionMultiplexer"),
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public void A_Redis_outage_in_any_of_its_forms_is_a_store_failure(Exception exception) =>
        Assert.True(RedisFailure.IsStoreFailure(exception), exception.GetType().Name);

    [Fact]
    public void A_bug_in_the_caller_is_not_mistaken_for_an_outage()
    {
        Assert.False(RedisFailure.IsStoreFailure(new InvalidOperationException("bug")));
        Assert.False(RedisFailure.IsStoreFailure(new ArgumentException("bug")));
    }
}
