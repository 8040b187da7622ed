using System.CommandLine;
using System.CommandLine.Help;
using Scraper.Cli.Fetching;

namespace Scraper.Cli;

/// <summary>The <c>scraper</c> command line: its commands, parsed and run against a console (the process's, or a test's).</summary>
internal static class ScraperApp
{
    /// <summary>The exit code of a command line that does not parse.</summary>
    public const int UsageError = 2;

    /// <summary>Builds the root command.</summary>
    /// <param name="console">The streams the commands use.</param>
    /// <param name="passThrough">The arguments after <c>--</c>, for the project that <c>crawl</c> and <c>check</c> run.</param>
    /// <returns>The command tree.</returns>
    // A named command rather than RootCommand, whose name would be the assembly's (Scraper.Cli) in the help text.
    public static Command Build(ToolConsole console, IReadOnlyList<string> passThrough) =>
        new("scraper", "Fetch pages, try selectors, create, run and check scraper projects")
        {
            new HelpOption(),
            new VersionOption(),
            FetchCommand.Create(console),
            Shell.ShellCommand.Create(console),
            View.ViewCommand.Create(console),
            Projects.NewCommand.Create(console),
            Projects.GenSpiderCommand.Create(console),
            Projects.RunCommands.Crawl(console, passThrough),
            Projects.RunCommands.Check(console, passThrough),
        };

    /// <summary>Parses and runs a command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="console">The streams.</param>
    /// <param name="cancellationToken">Cancels the command (Ctrl+C in the process).</param>
    /// <returns>The exit code: 0 done, 1 failed, 2 bad usage.</returns>
    public static async Task<int> RunAsync(string[] args, ToolConsole console, CancellationToken cancellationToken = default)
    {
        // Everything after the first "--" belongs to the project a command runs, never to the tool's parser.
        var split = Array.IndexOf(args, "--");
        var (own, passThrough) = split < 0 ? (args, []) : (args[..split], args[(split + 1)..]);
        var result = Build(console, passThrough).Parse(own);
        // Ctrl+C is handled by Program (exit 130), not by the parser's own handler.
        var configuration = new InvocationConfiguration { Output = console.Out, Error = console.Error, ProcessTerminationTimeout = null };
        var exit = await result.InvokeAsync(configuration, cancellationToken);
        // A command line that does not parse is a usage error (2), told apart from a command that ran and failed (1).
        return result.Errors.Count > 0 ? UsageError : exit;
    }
}
