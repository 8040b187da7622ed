using System.CommandLine;
using Scraper.Cli.Fetching;

namespace Scraper.Cli;

/// <summary>The <c>scraper</c> command line: its commands, parsed and run against a console (the process's, or a test's).</summary>
internal static class ScraperApp
{
    /// <summary>The exit code of a command line that does not parse.</summary>
    public const int UsageError = 2;

    /// <summary>Builds the root command.</summary>
    /// <param name="console">The streams the commands use.</param>
    /// <returns>The command tree.</returns>
    public static RootCommand Build(ToolConsole console) =>
        new("scraper: fetch pages, try selectors, create, run and check scraper projects")
        {
            FetchCommand.Create(console),
            Shell.ShellCommand.Create(console),
            View.ViewCommand.Create(console),
        };

    /// <summary>Parses and runs a command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="console">The streams.</param>
    /// <param name="cancellationToken">Cancels the command (Ctrl+C in the process).</param>
    /// <returns>The exit code: 0 done, 1 failed, 2 bad usage.</returns>
    public static async Task<int> RunAsync(string[] args, ToolConsole console, CancellationToken cancellationToken = default)
    {
        var result = Build(console).Parse(args);
        // Ctrl+C is handled by Program (exit 130), not by the parser's own handler.
        var configuration = new InvocationConfiguration { Output = console.Out, Error = console.Error, ProcessTerminationTimeout = null };
        var exit = await result.InvokeAsync(configuration, cancellationToken);
        // A command line that does not parse is a usage error (2), told apart from a command that ran and failed (1).
        return result.Errors.Count > 0 ? UsageError : exit;
    }
}
