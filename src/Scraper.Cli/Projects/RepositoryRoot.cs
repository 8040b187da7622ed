namespace Scraper.Cli.Projects;

/// <summary>Finds the Scraper repository a new project is made in, whose src/Scraper and examples/DemoShop it references.</summary>
internal static class RepositoryRoot
{
    /// <summary>Whether a folder is the root of a Scraper checkout.</summary>
    /// <param name="folder">The folder.</param>
    /// <returns>True when it holds Scraper.sln, src/Scraper and examples/DemoShop.</returns>
    public static bool IsRoot(string folder) =>
        File.Exists(Path.Combine(folder, "Scraper.sln"))
        && File.Exists(Path.Combine(folder, "src", "Scraper", "Scraper.csproj"))
        && File.Exists(Path.Combine(folder, "examples", "DemoShop", "DemoShop.csproj"));

    /// <summary>Walks up from a folder to the checkout that holds it.</summary>
    /// <param name="folder">Where to start (it need not exist yet).</param>
    /// <returns>The root, or null when the folder is not inside a checkout.</returns>
    public static string? Above(string folder)
    {
        for (var current = new DirectoryInfo(Path.GetFullPath(folder)); current is not null; current = current.Parent)
        {
            if (IsRoot(current.FullName))
            {
                return current.FullName;
            }
        }

        return null;
    }
}
