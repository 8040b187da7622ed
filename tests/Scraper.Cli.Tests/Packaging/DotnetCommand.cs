using System.Diagnostics;
using System.Text;

namespace Scraper.Cli.Tests.Packaging;

/// <summary>Runs the dotnet command in a child process, its output and error collected together (for assertion messages).</summary>
internal static class DotnetCommand
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    /// <summary>Runs <c>dotnet ARGS</c> in a folder.</summary>
    /// <param name="folder">The working folder.</param>
    /// <param name="environment">Variables set for the child (for example NUGET_PACKAGES).</param>
    /// <param name="args">The arguments.</param>
    /// <returns>The exit code and everything it printed.</returns>
    public static async Task<(int ExitCode, string Output)> RunAsync(string folder, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var output = new StringBuilder();
        var reading = Task.WhenAll(CopyAsync(process.StandardOutput, output), CopyAsync(process.StandardError, output));
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', args)} took over {Limit}:\n{output}");
        }

        await reading;
        return (process.ExitCode, output.ToString());
    }

    private static async Task CopyAsync(StreamReader from, StringBuilder to)
    {
        while (await from.ReadLineAsync() is { } line)
        {
            lock (to)
            {
                to.AppendLine(line);
            }
        }
    }
}
