using Microsoft.Extensions.Configuration;

namespace Scraper.Hosting;

/// <summary>The checked command line of a scraper executable (see <see cref="ScraperCommandLine.Parse"/>).</summary>
public sealed class ScraperArguments
{
    internal ScraperArguments(string[] args, IReadOnlyDictionary<string, string> mappings, IReadOnlyList<ScraperSwitch> switches, bool helpRequested, string? error)
    {
        Args = args;
        Mappings = mappings;
        Switches = switches;
        HelpRequested = helpRequested;
        Error = error;
    }

    /// <summary>Gets the arguments in <c>--Key=value</c> form, for the host builder and <c>AddCommandLine</c>.</summary>
    public string[] Args { get; }

    /// <summary>Gets the switch mappings (the arguments need none once parsed; for callers that pass raw ones).</summary>
    public IReadOnlyDictionary<string, string> Mappings { get; }

    /// <summary>Gets every switch accepted, the executable's own included.</summary>
    public IReadOnlyList<ScraperSwitch> Switches { get; }

    /// <summary>Gets a value indicating whether <c>--help</c>, <c>-h</c> or <c>-?</c> was given.</summary>
    public bool HelpRequested { get; }

    /// <summary>Gets the one-line error of a bad command line (an unknown switch, a missing or bad value), or null.</summary>
    public string? Error { get; }

    /// <summary>
    /// Handles what ends the process before any host starts: writes the help (exit 0) or the error (exit 2).
    /// Returns null when the host should run.
    /// </summary>
    /// <param name="output">Where the help goes (standard output).</param>
    /// <param name="error">Where the error goes (standard error).</param>
    /// <param name="configuration">The layered configuration, to show the values in effect beside the defaults; optional.</param>
    /// <param name="program">The executable's name in the usage line.</param>
    /// <returns>The exit code, or null to go on.</returns>
    public int? Exit(TextWriter output, TextWriter error, IConfiguration? configuration = null, string? program = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        // Help wins over an error in the same line: whoever asks for help gets it.
        if (HelpRequested)
        {
            ScraperHelp.Write(output, program ?? AppDomain.CurrentDomain.FriendlyName, Switches, configuration);
            return ExitCodes.Success;
        }

        if (Error is not null)
        {
            error.WriteLine($"{Error} (see --help)");
            return ExitCodes.InvalidConfiguration;
        }

        return null;
    }
}
