using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Scraper.Hosting;

/// <summary>
/// Log level names of both worlds: Serilog's (Verbose, Debug, Information, Warning, Error, Fatal) and
/// Microsoft.Extensions.Logging's (Trace, Debug, Information, Warning, Error, Critical, None), case-insensitive,
/// turned into the Serilog name that <c>Serilog:MinimumLevel</c> needs.
/// </summary>
public static class LogLevelNames
{
    // "None" has no Serilog name: one past Fatal is Serilog's LevelAlias.Off, which it reads as a number.
    private static readonly Dictionary<string, string> ToSerilogNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Verbose"] = "Verbose",
        ["Trace"] = "Verbose",
        ["Debug"] = "Debug",
        ["Information"] = "Information",
        ["Warning"] = "Warning",
        ["Error"] = "Error",
        ["Fatal"] = "Fatal",
        ["Critical"] = "Fatal",
        ["None"] = "6",
    };

    /// <summary>Gets the accepted names, for messages.</summary>
    public const string Accepted = "Verbose/Trace, Debug, Information, Warning, Error, Fatal/Critical, None";

    /// <summary>Returns the Serilog name of a level given in either naming.</summary>
    /// <param name="level">The level.</param>
    /// <returns>The Serilog name.</returns>
    /// <exception cref="FormatException">The level is not one of <see cref="Accepted"/>.</exception>
    public static string ToSerilog(string level) =>
        TryToSerilog(level) ?? throw new FormatException($"'{level}' is not a log level ({Accepted})");

    /// <summary>Returns the Serilog name of a level given in either naming, or null when it is none.</summary>
    /// <param name="level">The level.</param>
    /// <returns>The Serilog name, or null.</returns>
    public static string? TryToSerilog(string? level) =>
        level is not null && ToSerilogNames.TryGetValue(level.Trim(), out var name) ? name
        : level == "6" ? level
        : null;

    /// <summary>
    /// Lets Serilog's configuration (<c>Serilog:MinimumLevel</c>, <c>:Default</c>, <c>:Override:*</c>) take either
    /// naming: levels in Microsoft.Extensions.Logging's names are laid over in Serilog's, and a level in neither
    /// fails naming its key and value, before Serilog itself would fail with a stack trace.
    /// </summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <exception cref="OptionsValidationException">A level is in neither naming.</exception>
    public static void AcceptEitherNaming(IConfigurationManager configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var minimum = configuration.GetSection("Serilog:MinimumLevel");
        var levels = new[] { minimum, minimum.GetSection("Default") }
            .Concat(minimum.GetSection("Override").GetChildren())
            .Where(section => section.Value is not null)
            .ToList();
        var failures = levels.Where(s => TryToSerilog(s.Value) is null)
            .Select(s => $"{s.Path} '{s.Value}' is not a log level ({Accepted})")
            .ToList();
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(SerilogSection, typeof(LogLevelNames), failures);
        }

        var renamed = levels.Where(s => TryToSerilog(s.Value) != s.Value).ToDictionary(s => s.Path, s => TryToSerilog(s.Value));
        if (renamed.Count > 0)
        {
            configuration.AddInMemoryCollection(renamed);
        }
    }

    private const string SerilogSection = "Serilog";
}
