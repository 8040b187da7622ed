namespace Scraper.Tests.Crawling.Documented;

/// <summary>One <c>```csharp</c> block of README.md.</summary>
/// <param name="Id">Where it is, for a test name: its heading and its number under it, for example <c>A spider in ten lines #1</c>.</param>
/// <param name="Line">The line of its opening fence.</param>
/// <param name="Code">The code, as shown.</param>
/// <param name="Context">
/// The file (relative to the repository) it is compiled with when it is a fragment, named by an HTML comment on the
/// line before the fence: <c>&lt;!-- compiled with tests/.../Contexts/X.cs --&gt;</c>.
/// </param>
internal sealed record ReadmeSnippet(string Id, int Line, string Code, string? Context);

/// <summary>Finds the C# snippets of the repository's README.md.</summary>
internal static class ReadmeSnippets
{
    private const string ContextMarker = "<!-- compiled with ";

    public static string RepositoryRoot { get; } = FindRoot();

    public static IReadOnlyList<ReadmeSnippet> All() => Parse(File.ReadAllLines(Path.Combine(RepositoryRoot, "README.md")));

    public static ReadmeSnippet Find(string id) => All().Single(snippet => snippet.Id == id);

    internal static IReadOnlyList<ReadmeSnippet> Parse(string[] lines)
    {
        var snippets = new List<ReadmeSnippet>();
        var heading = "(top)";
        var underHeading = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith('#'))
            {
                heading = lines[i].TrimStart('#').Trim();
                underHeading = 0;
            }
            else if (lines[i].StartsWith("```", StringComparison.Ordinal) && lines[i].Length > 3)
            {
                var language = lines[i][3..].Trim();
                var start = i;
                var end = Array.FindIndex(lines, i + 1, line => line.StartsWith("```", StringComparison.Ordinal));
                if (end < 0)
                {
                    throw new InvalidDataException($"README.md:{start + 1}: a code block that never ends.");
                }

                i = end;
                if (language is "cs" or "c#" or "C#")
                {
                    throw new InvalidDataException($"README.md:{start + 1}: write C# blocks as ```csharp, so the snippet test finds them.");
                }

                if (language == "csharp")
                {
                    var previous = start > 0 ? lines[start - 1].Trim() : string.Empty;
                    var context = previous.StartsWith(ContextMarker, StringComparison.Ordinal) ? previous[ContextMarker.Length..].Replace("-->", string.Empty, StringComparison.Ordinal).Trim() : null;
                    snippets.Add(new ReadmeSnippet($"{heading} #{++underHeading}", start + 1, string.Join('\n', lines[(start + 1)..end]), context));
                }
            }
        }

        return snippets;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Scraper.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Scraper.sln above {AppContext.BaseDirectory}.");
    }
}
