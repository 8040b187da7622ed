using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;

namespace Scraper.Hosting;

/// <summary>
/// Makes the command line win over per-spider settings from files: a spider's own section
/// (<c>Scraper:Spiders:&lt;name&gt;:Output</c> in appsettings.json) would otherwise beat <c>--output</c>, which only sets
/// <c>Scraper:Output</c>. For each key the spider's section sets, the value given on the command line for the whole
/// section is laid over it, unless the command line set the spider's own key too (then that one stands).
/// </summary>
internal sealed class CommandLineOverrides
{
    private readonly IConfiguration _section;
    private readonly string _prefix;
    private readonly IConfigurationProvider[] _commandLine;

    /// <param name="section">The <c>Scraper</c> section given to <c>AddScraper</c>.</param>
    /// <param name="root">The host's whole configuration; its command-line providers are the ones that win.</param>
    public CommandLineOverrides(IConfiguration section, IConfiguration? root)
    {
        _section = section;
        _prefix = section is IConfigurationSection { Path: var path } ? path + ":" : "";
        var providers = (section as IConfigurationRoot ?? root as IConfigurationRoot)?.Providers ?? [];
        _commandLine = [.. providers.OfType<CommandLineConfigurationProvider>()];
    }

    /// <summary>The command line's values for the keys a spider's section sets, relative to that section.</summary>
    public IConfiguration For(string spider)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (_commandLine.Length > 0)
        {
            foreach (var (key, _) in _section.GetSection("Spiders").GetSection(spider).AsEnumerable(makePathsRelative: true))
            {
                if (key.Length > 0 && FromCommandLine(_prefix + key) is { } value && FromCommandLine($"{_prefix}Spiders:{spider}:{key}") is null)
                {
                    values[key] = value;
                }
            }
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    // The last command line added wins, as in the configuration itself.
    private string? FromCommandLine(string key)
    {
        for (var i = _commandLine.Length - 1; i >= 0; i--)
        {
            if (_commandLine[i].TryGet(key, out var value))
            {
                return value;
            }
        }

        return null;
    }
}
