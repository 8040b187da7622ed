using System.CommandLine;

namespace Scraper.Cli.Projects;

/// <summary><c>scraper crawl</c> and <c>scraper check</c>: run a scraper project, or its spider's contracts, through <c>dotnet run</c>.</summary>
internal static class RunCommands
{
    /// <summary>Creates <c>crawl [PROJECT] [-- args]</c>.</summary>
    /// <param name="console">The streams.</param>
    /// <param name="passThrough">The arguments after <c>--</c>.</param>
    /// <returns>The command.</returns>
    public static Command Crawl(ToolConsole console, IReadOnlyList<string> passThrough) =>
        Create(console, "crawl", "Run a scraper project (dotnet run -c Release); arguments after -- go to it, its exit code comes back", _ => passThrough);

    /// <summary>Creates <c>check [PROJECT]</c>, which runs the project's Program with <c>--check</c>.</summary>
    /// <param name="console">The streams.</param>
    /// <param name="passThrough">The arguments after <c>--</c>.</param>
    /// <returns>The command.</returns>
    public static Command Check(ToolConsole console, IReadOnlyList<string> passThrough) =>
        Create(console, "check", "Run the spider's contracts ([Contract] callbacks): PASS/FAIL per callback, exit 1 on a failure", _ => ["--check", .. passThrough]);

    private static Command Create(ToolConsole console, string name, string description, Func<ParseResult, IReadOnlyList<string>> arguments)
    {
        var project = new Argument<string?>("project") { Description = "The project (a folder or .csproj); the current folder when not given", Arity = ArgumentArity.ZeroOrOne };
        var configuration = new Option<string>("--configuration", "-c") { Description = "The build configuration", DefaultValueFactory = _ => "Release" };
        var noBuild = new Option<bool>("--no-build") { Description = "Run the last build" };
        var command = new Command(name, description) { project, configuration, noBuild };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(console, () =>
            ProjectRunner.RunAsync(console, ProjectFolder.Find(result.GetValue(project)), result.GetValue(configuration)!, result.GetValue(noBuild), arguments(result), cancellationToken)));
        return command;
    }
}
