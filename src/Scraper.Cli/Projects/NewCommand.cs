using System.CommandLine;

namespace Scraper.Cli.Projects;

/// <summary><c>scraper new NAME</c>: a new scraper project from the template, ready for <c>dotnet run</c>.</summary>
internal static class NewCommand
{
    public static Command Create(ToolConsole console)
    {
        var name = new Argument<string>("name") { Description = "The project's name and namespace, for example MyShop" };
        var output = new Option<string?>("--output", "-o") { Description = "The project's folder; ./NAME when not given" };
        var repo = new Option<string?>("--repo") { Description = "The Scraper checkout to reference, when the project is made outside one" };
        var command = new Command("new", "Create a scraper project whose spider crawls the embedded demo shop") { name, output, repo };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            var projectName = result.GetValue(name)!;
            Identifiers.EnsureNamespace(projectName, "Project name");
            var folder = Path.GetFullPath(result.GetValue(output) ?? projectName);
            if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            {
                throw new IOException($"{folder} exists and is not empty; choose another name or --output.");
            }

            var root = result.GetValue(repo) is { } given ? Path.GetFullPath(given) : RepositoryRoot.Above(folder);
            if (root is not null && !RepositoryRoot.IsRoot(root))
            {
                throw new ArgumentException($"--repo {root} is not a Scraper checkout (no Scraper.sln, src/Scraper and examples/DemoShop).");
            }

            // Outside a checkout the project file finds no sources at the default path and uses the packages instead.
            var relative = root is null ? ProjectTemplate.DefaultRepoRoot : Path.GetRelativePath(folder, root).Replace('\\', '/').TrimEnd('/') + "/";
            var files = await ProjectTemplate.WriteAsync(folder, projectName, relative, cancellationToken);
            await console.Out.WriteLineAsync(root is null
                ? $"Created {folder} ({files.Count} files), referencing the Scraper packages (version {ProjectTemplate.PackageVersion}): until they are on nuget.org, pack them from a checkout into a folder and add it to nuget.config (README, 'scraper new')."
                : $"Created {folder} ({files.Count} files), referencing the Scraper sources in {root}.");
            await console.Out.WriteLineAsync($"Next: cd {Path.GetRelativePath(Environment.CurrentDirectory, folder)} && dotnet run -c Release   (scraper check runs its contracts)");
            return 0;
        }));
        return command;
    }
}
