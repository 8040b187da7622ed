namespace Scraper.Hosting;

/// <summary>
/// The command line of a scraper executable: the short switches (<see cref="Switches"/>), long forms of any
/// configuration key (<c>--Scraper:ConcurrentRequests=8</c>), and <c>--help</c>. <see cref="Parse"/> checks it
/// and rewrites every switch into <c>--Key=value</c> form for <c>AddCommandLine</c>.
/// </summary>
/// <remarks>
/// A new switch is one line in <see cref="Switches"/> (or in the executable's own list passed to
/// <see cref="Parse"/>): <c>new("--job", "Scraper:Job", "NAME", "…")</c> for a switch with a value,
/// <c>ScraperSwitch.Flag("--fresh", "Scraper:Fresh", "true", "…")</c> for a flag. The help lists it at once.
/// </remarks>
public static class ScraperCommandLine
{
    /// <summary>Gets the switches every scraper executable accepts.</summary>
    public static IReadOnlyList<ScraperSwitch> Switches { get; } =
    [
        new("--output", "Scraper:Output", "FILE", "items file of every spider; .jsonl, .csv or .json picks the format") { Aliases = ["-o"] },
        new("--spider", "Scraper:Spider", "NAME", "run only this spider"),
        ScraperSwitch.Flag("--once", "Scraper:Mode", "Once", "run every spider once and exit, even when schedules are set"),
        new("--schedule", "Scraper:Schedule", "CRON", "cron schedule of every spider (5 fields, or 6 with seconds)"),
        ScraperSwitch.Flag("--cache", "Scraper:HttpCache:Enabled", "true", "replay answers from the HTTP cache on disk"),
        new("--job", "Scraper:Job", "NAME", "keep the crawl in the job NAME (state/jobs/NAME/), to resume it later"),
        ScraperSwitch.Flag("--fresh", "Scraper:Fresh", "true", "start the job over instead of resuming it (saved sessions stay)"),
        new("--redis", "Scraper:Redis", "HOST:PORT", "share the crawl with other workers through this Redis (needs --crawl)"),
        new("--crawl", "Scraper:Crawl", "NAME", "the shared crawl's name: every worker with the same name works on one crawl"),
        ScraperSwitch.Flag("--seed", "Scraper:Seed", "true", "put the start requests into the shared crawl and exit"),
        new("--worker", "Scraper:Worker", "NAME", "this worker's name in the shared crawl, the same after a restart (default: machine name and state folder)"),
        new("--redis-stream", "Scraper:RedisStream", "KEY", "also append every item to this Redis stream, once per item (needs --redis)"),
        new("--log-level", "Serilog:MinimumLevel:Default", "LEVEL", $"least level logged: {LogLevelNames.Accepted}") { Convert = LogLevelNames.ToSerilog },
    ];

    /// <summary>Gets the spellings that show the help.</summary>
    public static IReadOnlyList<string> HelpSwitches { get; } = ["--help", "-h", "-?", "/?", "/h"];

    /// <summary>Keys the .NET host itself reads from the command line (they have no section).</summary>
    internal static IReadOnlyList<string> HostKeys { get; } = ["environment", "contentRoot", "applicationName"];

    /// <summary>Gets the switch mappings for <c>AddCommandLine</c> (only needed for arguments not passed through <see cref="Parse"/>).</summary>
    public static IReadOnlyDictionary<string, string> SwitchMappings { get; } = MappingsOf(Switches);

    /// <summary>
    /// Checks the arguments and rewrites them into <c>--Key=value</c> form: short switches and flags become
    /// their keys, long keys pass through. An unknown switch or a bad value is reported in
    /// <see cref="ScraperArguments.Error"/> (one line, naming it); <c>--help</c> in <see cref="ScraperArguments.HelpRequested"/>.
    /// </summary>
    /// <param name="args">The process arguments.</param>
    /// <param name="extraSwitches">More switches of the executable (for example <c>--url</c>).</param>
    /// <returns>The parsed arguments.</returns>
    public static ScraperArguments Parse(string[] args, IEnumerable<ScraperSwitch>? extraSwitches = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        IReadOnlyList<ScraperSwitch> switches = [.. Switches, .. extraSwitches ?? []];
        var parser = new CommandLineParser(switches);
        parser.Run(args);
        return new ScraperArguments(parser.Output.ToArray(), MappingsOf(switches), switches, parser.HelpRequested, parser.Error);
    }

    private static Dictionary<string, string> MappingsOf(IEnumerable<ScraperSwitch> switches)
    {
        var mappings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var option in switches.Where(s => !s.IsFlag))
        {
            foreach (var spelling in option.Spellings)
            {
                mappings[spelling] = option.Key;
            }
        }

        return mappings;
    }
}
