using System.CommandLine;
using Scraper.Cli.Fetching;

namespace Scraper.Cli.Shell;

/// <summary><c>scraper shell [URL]</c>: the interactive prompt on a fetched page.</summary>
internal static class ShellCommand
{
    public static Command Create(ToolConsole console)
    {
        var url = new Argument<string?>("url") { Description = "The page to open first", Arity = ArgumentArity.ZeroOrOne };
        var setup = new SessionSetup();
        var command = new Command("shell", "Open a page and try CSS selectors, text, attr, links and follow on it") { url };
        setup.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            await using var session = setup.Create(result);
            await new ScraperShell(session, console.In, console.Out).RunAsync(result.GetValue(url), cancellationToken);
            return 0;
        }));
        return command;
    }
}
