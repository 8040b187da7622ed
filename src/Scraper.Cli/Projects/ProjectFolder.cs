using System.Xml.Linq;

namespace Scraper.Cli.Projects;

/// <summary>A scraper project on disk, found from a folder or a project file the user names.</summary>
internal sealed class ProjectFolder
{
    private ProjectFolder(string projectFile) => ProjectFile = projectFile;

    /// <summary>Gets the project file.</summary>
    public string ProjectFile { get; }

    /// <summary>Gets the project's folder.</summary>
    public string Folder => Path.GetDirectoryName(ProjectFile)!;

    /// <summary>Gets the project's root namespace: its RootNamespace, else its file name.</summary>
    public string RootNamespace =>
        XDocument.Load(ProjectFile).Descendants("RootNamespace").Select(element => element.Value.Trim()).FirstOrDefault(value => value.Length > 0)
        ?? Path.GetFileNameWithoutExtension(ProjectFile);

    /// <summary>Finds the project a command works on.</summary>
    /// <param name="path">A .csproj file or a folder holding exactly one; the current folder when null.</param>
    /// <returns>The project.</returns>
    /// <exception cref="IOException">No such project, or more than one in the folder.</exception>
    public static ProjectFolder Find(string? path)
    {
        var full = Path.GetFullPath(path ?? Environment.CurrentDirectory);
        if (File.Exists(full) && full.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
        {
            return new ProjectFolder(full);
        }

        if (!Directory.Exists(full))
        {
            throw new IOException($"{full} is neither a .csproj file nor a folder.");
        }

        return Directory.GetFiles(full, "*.csproj") switch
        {
            [var only] => new ProjectFolder(only),
            [] => throw new IOException($"{full} holds no .csproj: run in a scraper project's folder or name one."),
            var many => throw new IOException($"{full} holds {many.Length} project files: name the one to use."),
        };
    }
}
