namespace Scraper.Hosting;

/// <summary>
/// The short switches of a scraper executable, mapped onto configuration keys: <c>--output FILE</c>,
/// <c>--spider NAME</c>, <c>--once</c>, <c>--cache</c>, <c>--job NAME</c>, <c>--fresh</c>, <c>--schedule "CRON"</c>, <c>--log-level LEVEL</c>. Long forms
/// (<c>--Scraper:ConcurrentRequests=8</c>) work as in any .NET host.
/// </summary>
public static class ScraperCommandLine
{
    /// <summary>Gets the switch mappings for <c>AddCommandLine</c>.</summary>
    public static IReadOnlyDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["--output"] = "Scraper:Output",
        ["-o"] = "Scraper:Output",
        ["--spider"] = "Scraper:Spider",
        ["--schedule"] = "Scraper:Schedule",
        ["--job"] = "Scraper:Job",
        ["--log-level"] = "Serilog:MinimumLevel:Default",
    };

    private static readonly Dictionary<string, string> Flags = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--once"] = "--Scraper:Mode=Once",
        ["--cache"] = "--Scraper:HttpCache:Enabled=true",
        ["--fresh"] = "--Scraper:Fresh=true",
    };

    /// <summary>
    /// Rewrites value-less flags into key=value form (<c>--once</c> becomes <c>--Scraper:Mode=Once</c>, <c>--cache</c>
    /// becomes <c>--Scraper:HttpCache:Enabled=true</c>), since the
    /// configuration command line reads every switch as a key with a value.
    /// </summary>
    /// <param name="args">The process arguments.</param>
    /// <param name="extraMappings">More switch mappings of the executable (for example <c>--url</c>).</param>
    /// <returns>The arguments to hand to the host builder, and the mappings to use.</returns>
    public static (string[] Args, Dictionary<string, string> Mappings) Normalize(string[] args, IReadOnlyDictionary<string, string>? extraMappings = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var mappings = new Dictionary<string, string>(SwitchMappings, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in extraMappings ?? new Dictionary<string, string>())
        {
            mappings[key] = value;
        }

        var normalized = args.Select(arg => Flags.GetValueOrDefault(arg, arg)).ToArray();
        return (normalized, mappings);
    }
}
