using System.Diagnostics;

namespace Scraper.Cli.Projects;

/// <summary>
/// Runs a scraper project with <c>dotnet run</c>, its output copied to the tool's and its exit code passed back. The
/// project stays the program that crawls: its own host, configuration and run-time settings apply, and the tool
/// loads none of its assemblies (so the tool itself can be a native executable).
/// </summary>
internal static class ProjectRunner
{
    /// <summary>Runs the project.</summary>
    /// <param name="console">Where its output goes.</param>
    /// <param name="project">The project.</param>
    /// <param name="configuration">The build configuration (Release by default: the speed users get).</param>
    /// <param name="noBuild">Whether to skip the build.</param>
    /// <param name="args">The arguments passed to the project's Program.</param>
    /// <param name="cancellationToken">Stops the project (its process tree is killed).</param>
    /// <returns>The project's exit code.</returns>
    public static async Task<int> RunAsync(ToolConsole console, ProjectFolder project, string configuration, bool noBuild, IEnumerable<string> args, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = project.Folder,
        };
        foreach (var argument in (string[])["run", "-c", configuration, "--project", project.ProjectFile, .. noBuild ? ["--no-build"] : (string[])[], "--", .. args])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new IOException("Could not start dotnet.");
        var output = CopyAsync(process.StandardOutput, console.Out, cancellationToken);
        var error = CopyAsync(process.StandardError, console.Error, cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        finally
        {
            await Task.WhenAll(output, error);
        }

        return process.ExitCode;
    }

    private static async Task CopyAsync(StreamReader from, TextWriter to, CancellationToken cancellationToken)
    {
        try
        {
            while (await from.ReadLineAsync(CancellationToken.None) is { } line)
            {
                await to.WriteLineAsync(line);
            }
        }
        finally
        {
            await to.FlushAsync(cancellationToken);
        }
    }
}
