using System.Text.RegularExpressions;

namespace Scraper.Cli.Projects;

/// <summary>
/// The project template embedded in the tool (the files of templates/scraper), written out as <c>dotnet new scraper</c>
/// would: <c>ScraperProject</c> replaced by the project's name, <c>../../</c> in the project file by the path to the repository.
/// </summary>
internal static partial class ProjectTemplate
{
    /// <summary>The template's path to the repository root: a project made in scrapers/NAME.</summary>
    public const string DefaultRepoRoot = "../../";

    private const string Prefix = "template/";
    private const string SourceName = "ScraperProject";

    /// <summary>Gets the version of the Scraper packages a project made outside a checkout references (the template's ScraperVersion).</summary>
    public static string PackageVersion
    {
        get
        {
            using var stream = typeof(ProjectTemplate).Assembly.GetManifestResourceStream(Prefix + SourceName + ".csproj")!;
            using var reader = new StreamReader(stream);
            return ScraperVersion().Match(reader.ReadToEnd()).Groups[1].Value;
        }
    }

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

    [GeneratedRegex(@"<ScraperVersion[^>]*>([^<]+)</ScraperVersion>", RegexOptions.CultureInvariant)]
    private static partial Regex ScraperVersion();
}
