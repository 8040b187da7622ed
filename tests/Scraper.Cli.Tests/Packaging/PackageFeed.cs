using Scraper.Cli.Projects;

namespace Scraper.Cli.Tests.Packaging;

/// <summary>
/// The repository's packages packed into a folder feed, once for the tests that share it: Scraper and what a
/// project made from the template needs (Scraper.Sqlite, Scraper.Redis, Scraper.Hosting, Scraper.DemoShop), the tool and the
/// template pack. The libraries and the tool are
/// packed from the build the tests run on (<c>--no-build</c>; the test project references each one so it is built).
/// </summary>
public sealed class PackageFeed : IAsyncLifetime
{
    private static readonly string[] Projects =
    [
        "src/Scraper/Scraper.csproj",
        "src/Scraper.Sqlite/Scraper.Sqlite.csproj",
        "src/Scraper.Redis/Scraper.Redis.csproj",
        "src/Scraper.Hosting/Scraper.Hosting.csproj",
        "examples/DemoShop/DemoShop.csproj",
        "src/Scraper.Cli/Scraper.Cli.csproj",
    ];

    /// <summary>Gets the checkout the tests run in.</summary>
    public static string Repository { get; } = RepositoryRoot.Above(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("The tests run from inside the Scraper checkout.");

    private readonly TempFolder _work = new();

    /// <summary>Gets the folder everything lives in: the feed, a private packages folder, projects made from the packages.</summary>
    public string Root => _work.Path;

    /// <summary>Gets the feed folder, holding the .nupkg and .snupkg files.</summary>
    public string Folder => _work.At("feed");

    /// <summary>Gets the packages' version (the one version of Directory.Build.props).</summary>
    public string Version => ProjectTemplate.PackageVersion;

    /// <summary>Gets the path of a package in the feed.</summary>
    /// <param name="id">The package id.</param>
    /// <param name="extension">.nupkg or .snupkg.</param>
    /// <returns>The path.</returns>
    public string PackagePath(string id, string extension = ".nupkg") => Path.Combine(Folder, $"{id}.{Version}{extension}");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        foreach (var project in Projects)
        {
            var (exit, output) = await DotnetCommand.RunAsync(Repository, new Dictionary<string, string>(),
                "pack", project, "--no-build", "-c", Configuration, "-o", Folder, "-nologo", "-v", "q", "--disable-build-servers");
            if (exit != 0)
            {
                throw new InvalidOperationException($"dotnet pack {project} failed ({exit}):\n{output}");
            }
        }

        // The template pack compiles nothing, so the tests do not build it: packed with its own (quick) restore and build.
        var templates = await DotnetCommand.RunAsync(Repository, new Dictionary<string, string>(),
            "pack", "templates/Scraper.Templates.csproj", "-c", Configuration, "-o", Folder, "-nologo", "-v", "q", "--disable-build-servers");
        if (templates.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet pack templates/Scraper.Templates.csproj failed ({templates.ExitCode}):\n{templates.Output}");
        }
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        _work.Dispose();
        return Task.CompletedTask;
    }

    // The configuration these tests were built in, which is the one the packed projects were built in too.
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif
}
