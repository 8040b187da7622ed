using System.Text.Json.Serialization;

namespace Scraper.CrawlBench;

/// <summary>What one crawl of the benchmark printed as its last line (bench/crawl/run.sh reads it).</summary>
/// <param name="Outcome">How the crawl ended.</param>
/// <param name="Pages">Responses received.</param>
/// <param name="Items">Items exported.</param>
/// <param name="ElapsedS">Seconds from the first request to the end of the crawl.</param>
internal sealed record BenchSummary(string Outcome, long Pages, long Items, double ElapsedS)
{
    public double PagesPerS => Pages / ElapsedS;

    public long? Errors { get; init; }

    public long? Logins { get; init; }

    public double CpuS { get; init; }

    public double GcPauseS { get; init; }

    public int[] GcCounts { get; init; } = [];

    public double AllocatedKbPerPage { get; init; }

    public double JitS { get; init; }

    public long JitMethods { get; init; }

    /// <summary>Gets whether metrics and traces were exported (--otlp).</summary>
    public bool Telemetry { get; init; }

    /// <summary>Gets "jit" (dotnet build) or "native-aot" (dotnet publish).</summary>
    public string Runtime { get; init; } = "";
}

/// <summary>The summary's JSON metadata, generated at compile time, with the snake_case names run.sh reads.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BenchSummary))]
internal sealed partial class BenchSummaryJson : JsonSerializerContext;
