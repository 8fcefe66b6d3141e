using System.Text.Json;
using System.Text.RegularExpressions;

namespace SessionBridge.Tests.Web;

/// <summary>The client libraries libman.json declares are committed under wwwroot/lib at the declared versions.</summary>
public sealed partial class LibManTests
{
    private static readonly string WebRoot = Path.Combine(Infrastructure.RequiredTool.RepoRoot(), "SessionBridge.Web");

    public static TheoryData<string, string, string> DeclaredFiles()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(WebRoot, "libman.json")));
        var data = new TheoryData<string, string, string>();
        foreach (var library in manifest.RootElement.GetProperty("libraries").EnumerateArray())
        {
            string[] nameAndVersion = library.GetProperty("library").GetString()!.Split('@');
            foreach (var file in library.GetProperty("files").EnumerateArray())
            {
                data.Add(nameAndVersion[0] + "@" + nameAndVersion[1], library.GetProperty("destination").GetString()!, file.GetString()!);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DeclaredFiles))]
    public void Every_declared_file_is_committed(string library, string destination, string file)
    {
        string path = Path.Combine(WebRoot, destination, file);
        Assert.True(File.Exists(path), $"{library}: {file} is declared in libman.json but missing at {path}");
        Assert.True(new FileInfo(path).Length > 0, $"{library}: {path} is empty");
    }

    [Fact]
    public void Committed_libraries_carry_the_declared_versions()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(WebRoot, "libman.json")));
        foreach (var library in manifest.RootElement.GetProperty("libraries").EnumerateArray())
        {
            string[] nameAndVersion = library.GetProperty("library").GetString()!.Split('@');
            string folder = Path.Combine(WebRoot, library.GetProperty("destination").GetString()!);
            using var package = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "package.json")));

            Assert.Equal(nameAndVersion[0], package.RootElement.GetProperty("name").GetString());
            Assert.Equal(nameAndVersion[1], package.RootElement.GetProperty("version").GetString());
        }

        string htmx = File.ReadAllText(Path.Combine(WebRoot, "wwwroot/lib/htmx.org/dist/htmx.min.js"));
        Assert.Equal("2.0.11", HtmxVersion().Match(htmx).Groups[1].Value);
    }

    [GeneratedRegex("version:\"([0-9.]+)\"")]
    private static partial Regex HtmxVersion();
}
