using System.Reflection;
using System.Runtime.CompilerServices;
using SessionBridge.Web.Pages;

namespace SessionBridge.Tests.Architecture;

/// <summary>
/// The compiler keeps the library from using the product (it has no reference to it). What it cannot see: that the
/// product uses the library through its public API only (no InternalsVisibleTo for it), and that the library's public
/// types live in its own namespaces.
/// </summary>
public sealed class BoundaryTests
{
    private static readonly Assembly Library = typeof(SessionBridgeOptions).Assembly;

    [Fact]
    public void Only_the_tests_see_the_library_internals()
    {
        var friends = Library.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName);

        Assert.Equal(["SessionBridge.Tests"], friends);
    }

    [Fact]
    public void The_library_public_types_live_in_its_namespaces()
    {
        var strays = Library.GetExportedTypes().Where(t => t.Namespace is null || !(t.Namespace == "SessionBridge" || t.Namespace.StartsWith("SessionBridge.", StringComparison.Ordinal)));

        Assert.Empty(strays);
        Assert.DoesNotContain(Library.GetExportedTypes(), t => t.Namespace!.StartsWith("SessionBridge.Web", StringComparison.Ordinal));
    }

    [Fact]
    public void The_product_is_another_assembly()
    {
        Assert.NotEqual(Library, typeof(IndexModel).Assembly);
        Assert.DoesNotContain(typeof(IndexModel).Assembly.GetReferencedAssemblies(), a => a.Name == "SessionBridge.Tests");
    }
}
