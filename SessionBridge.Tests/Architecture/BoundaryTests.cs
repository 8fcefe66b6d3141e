using NetArchTest.Rules;
using SessionBridge.Web.Bridge;

namespace SessionBridge.Tests.Architecture;

/// <summary>
/// The bridge is a mechanism that could be lifted into its own package: it depends on nothing of the product (its
/// pages, its users, its hosting), which tells the bridge what it needs through options and interfaces instead.
/// </summary>
public sealed class BoundaryTests
{
    [Theory]
    [InlineData("SessionBridge.Web.Pages")]
    [InlineData("SessionBridge.Web.Users")]
    [InlineData("SessionBridge.Web.Hosting")]
    public void The_bridge_depends_on_nothing_of_the_product(string product)
    {
        var result = Types.InAssembly(typeof(SessionBridgeOptions).Assembly)
            .That().ResideInNamespaceStartingWith("SessionBridge.Web.Bridge")
            .ShouldNot().HaveDependencyOn(product)
            .GetResult();

        Assert.True(result.IsSuccessful, $"Bridge types that use {product}: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void The_rule_sees_the_bridge_and_would_see_a_dependency()
    {
        // Guards the rule itself: the product does depend on the bridge, so the same check the other way must fail.
        var bridgeTypes = Types.InAssembly(typeof(SessionBridgeOptions).Assembly).That().ResideInNamespaceStartingWith("SessionBridge.Web.Bridge").GetTypes();
        var productOnBridge = Types.InAssembly(typeof(SessionBridgeOptions).Assembly)
            .That().ResideInNamespaceStartingWith("SessionBridge.Web.Pages")
            .ShouldNot().HaveDependencyOn("SessionBridge.Web.Bridge")
            .GetResult();

        Assert.True(bridgeTypes.Count() > 20, "the bridge namespace looks empty: the rule would pass vacuously");
        Assert.False(productOnBridge.IsSuccessful);
    }
}
