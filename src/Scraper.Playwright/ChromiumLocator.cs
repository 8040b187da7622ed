namespace Scraper.Playwright;

/// <summary>Finds the Chromium executable the settings name: a path as it is, a bare name on the PATH (as a shell would).</summary>
internal static class ChromiumLocator
{
    public static string? Find(string? executable)
    {
        if (string.IsNullOrWhiteSpace(executable))
        {
            return null;
        }

        if (executable.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(executable))
        {
            return File.Exists(executable) ? Path.GetFullPath(executable) : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, executable);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
