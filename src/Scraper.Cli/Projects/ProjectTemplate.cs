namespace Scraper.Cli.Projects;

/// <summary>
/// The project template embedded in the tool (the files of templates/scraper), written out as <c>dotnet new scraper</c>
/// would: <c>ScraperProject</c> replaced by the project's name, <c>../../</c> in the project file by the path to the repository.
/// </summary>
internal static class ProjectTemplate
{
    private const string Prefix = "template/";
    private const string SourceName = "ScraperProject";
    private const string DefaultRepoRoot = "../../";

    /// <summary>Writes the project.</summary>
    /// <param name="folder">The new project's folder; created, and must be empty.</param>
    /// <param name="name">The project's name (also its namespace).</param>
    /// <param name="repoRoot">The path from the folder to the repository root, ending in '/'.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>The files written, relative to the folder.</returns>
    public static async Task<IReadOnlyList<string>> WriteAsync(string folder, string name, string repoRoot, CancellationToken cancellationToken = default)
    {
        var assembly = typeof(ProjectTemplate).Assembly;
        var written = new List<string>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var relative = resource[Prefix.Length..].Replace(SourceName, name, StringComparison.Ordinal);
            await using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var text = (await reader.ReadToEndAsync(cancellationToken)).Replace(SourceName, name, StringComparison.Ordinal);
            if (relative.EndsWith(".csproj", StringComparison.Ordinal))
            {
                text = text.Replace(DefaultRepoRoot, repoRoot, StringComparison.Ordinal);
            }

            var path = Path.Combine(folder, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, text, cancellationToken);
            written.Add(relative);
        }

        return written;
    }
}
