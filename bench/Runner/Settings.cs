using System.Globalization;

namespace SessionBridge.Bench;

/// <summary>Command-line settings of a run (bench/run.sh passes its arguments through).</summary>
internal sealed record Settings(string RepositoryRoot, int Rounds, TimeSpan Round, TimeSpan Warmup, int Connections, bool Scale, bool WriteDocs, IReadOnlySet<string>? Only = null, bool Telemetry = false)
{
    public static Settings Parse(string[] args)
    {
        var settings = new Settings(Directory.GetCurrentDirectory(), 3, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3), 32, false, true);
        for (int i = 0; i < args.Length; i++)
        {
            settings = args[i] switch
            {
                "--repo" => settings with { RepositoryRoot = args[++i] },
                "--rounds" => settings with { Rounds = Number(args[++i]) },
                "--seconds" => settings with { Round = TimeSpan.FromSeconds(Number(args[++i])) },
                "--warmup" => settings with { Warmup = TimeSpan.FromSeconds(Number(args[++i])) },
                "--connections" => settings with { Connections = Number(args[++i]) },
                "--scale" => settings with { Scale = true },
                "--no-docs" => settings with { WriteDocs = false },
                "--telemetry" => settings with { Telemetry = true },
                "--cases" => settings with { WriteDocs = false, Only = args[++i].Split(',').ToHashSet(StringComparer.Ordinal) },
                _ => throw new ArgumentException($"unknown argument {args[i]}; see bench/README.md"),
            };
        }

        return settings;
    }

    private static int Number(string text) => int.Parse(text, CultureInfo.InvariantCulture);
}
