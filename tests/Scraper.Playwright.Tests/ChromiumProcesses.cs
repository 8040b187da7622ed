using System.Diagnostics;
using System.Globalization;

namespace Scraper.Playwright.Tests;

/// <summary>
/// Finds the processes of one test's Chromium through /proc, by a switch only that browser was launched with
/// (Chromium ignores switches it does not know), and kills them as a crash would: the browser itself, or its
/// renderers (the processes that run the pages).
/// </summary>
internal sealed class ChromiumProcesses
{
    public ChromiumProcesses() => Marker = "--scraper-test-browser=" + Guid.NewGuid().ToString("N");

    /// <summary>Gets the switch to add to <see cref="PlaywrightOptions.Args"/>.</summary>
    public string Marker { get; }

    /// <summary>Kills the browser process (SIGKILL); returns its process id.</summary>
    public int KillBrowser()
    {
        var browser = Browser() ?? throw new InvalidOperationException("No Chromium with " + Marker + " is running.");
        using var process = Process.GetProcessById(browser);
        process.Kill();
        return browser;
    }

    /// <summary>Kills every renderer of the browser (SIGKILL); returns how many.</summary>
    public int KillRenderers()
    {
        var browser = Browser() ?? throw new InvalidOperationException("No Chromium with " + Marker + " is running.");
        var killed = 0;
        foreach (var pid in Descendants(browser))
        {
            if (CommandLine(pid).Contains(" --type=renderer", StringComparison.Ordinal))
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
                killed++;
            }
        }

        return killed;
    }

    private int? Browser()
    {
        foreach (var pid in Pids())
        {
            var arguments = CommandLine(pid);
            if (arguments.Contains(" " + Marker, StringComparison.Ordinal) && !arguments.Contains(" --type=", StringComparison.Ordinal))
            {
                return pid;
            }
        }

        return null;
    }

    private static List<int> Descendants(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var pid in Pids())
        {
            if (ParentOf(pid) is { } parent)
            {
                (children.TryGetValue(parent, out var list) ? list : children[parent] = []).Add(pid);
            }
        }

        var found = new List<int>();
        var pending = new Stack<int>([root]);
        while (pending.TryPop(out var pid))
        {
            foreach (var child in children.GetValueOrDefault(pid) ?? [])
            {
                found.Add(child);
                pending.Push(child);
            }
        }

        return found;
    }

    private static IEnumerable<int> Pids() =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)).Select(n => int.Parse(n!, CultureInfo.InvariantCulture));

    // The arguments joined by spaces: Chromium's child processes rewrite their command line as one string.
    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return string.Empty; // gone meanwhile
        }
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    private static int? ParentOf(int pid)
    {
        try
        {
            // "pid (name) state ppid ...": the name may hold spaces and parentheses, so read after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
