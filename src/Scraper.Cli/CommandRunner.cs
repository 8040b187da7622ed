using Scraper.Cli.Fetching;

namespace Scraper.Cli;

/// <summary>Runs a command's body and turns an expected failure into one line on stderr and exit code 1.</summary>
internal static class CommandRunner
{
    /// <summary>The exit code of a failure that was reported in one line.</summary>
    public const int Failed = 1;

    public static async Task<int> RunAsync(ToolConsole console, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception ex) when (FailureMessage.IsReported(ex))
        {
            await console.Error.WriteLineAsync(FailureMessage.For(ex)).ConfigureAwait(false);
            return Failed;
        }
    }
}
