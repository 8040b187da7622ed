namespace Scraper.Hosting;

/// <summary>
/// Reads the process arguments as the configuration command line does (<c>--key value</c>, <c>--key=value</c>,
/// <c>/key value</c>, <c>key=value</c>), but refuses what it would silently drop: an unknown switch, a switch with
/// no value, a stray word. Everything is written out again as <c>--Key=value</c>.
/// </summary>
internal sealed class CommandLineParser(IReadOnlyList<ScraperSwitch> switches)
{
    public List<string> Output { get; } = [];

    public bool HelpRequested { get; private set; }

    public string? Error { get; private set; }

    public void Run(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (ScraperCommandLine.HelpSwitches.Contains(arg, StringComparer.OrdinalIgnoreCase))
            {
                HelpRequested = true;
                continue;
            }

            var isSwitch = arg.StartsWith('-') || arg.StartsWith('/');
            var separator = arg.IndexOf('=', StringComparison.Ordinal);
            var name = separator < 0 ? arg : arg[..separator];
            string? inline = separator < 0 ? null : arg[(separator + 1)..];
            if (!isSwitch && inline is null)
            {
                Fail(arg, $"Unexpected argument '{arg}'");
                continue;
            }

            // "/output" is "--output", as the configuration command line reads it.
            var spelled = name.StartsWith('/') ? "--" + name[1..] : name;
            if (switches.FirstOrDefault(s => s.Matches(spelled)) is { } known)
            {
                Add(known, name, inline, args, ref i);
                continue;
            }

            var key = name.TrimStart('-', '/');
            if (!IsConfigurationKey(key))
            {
                Fail(arg, $"Unknown switch '{name}'{Suggest(name)}");
                continue;
            }

            var value = inline ?? (isSwitch && i + 1 < args.Length ? args[++i] : null);
            if (value is null)
            {
                Fail(arg, $"'{name}' needs a value (--{key}=VALUE)");
                continue;
            }

            Output.Add($"--{key}={value}");
        }
    }

    private void Add(ScraperSwitch option, string name, string? inline, string[] args, ref int i)
    {
        if (option.IsFlag)
        {
            if (inline is not null)
            {
                Fail(name, $"'{name}' takes no value");
                return;
            }

            Output.Add($"--{option.Key}={option.FlagValue}");
            return;
        }

        // "--output --once" is a forgotten value, not a file named --once.
        var value = inline ?? (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null);
        if (value is null)
        {
            Fail(name, $"'{name}' needs a value ({name} {option.ValueName})");
            return;
        }

        try
        {
            Output.Add($"--{option.Key}={option.Convert?.Invoke(value) ?? value}");
        }
        catch (FormatException ex)
        {
            Fail(name, $"{name}: {ex.Message}");
        }
    }

    // A key with a section (Scraper:MaxPages, Serilog:MinimumLevel:Default) or one of the host's own keys.
    private static bool IsConfigurationKey(string key) =>
        key.Contains(':', StringComparison.Ordinal) && !key.StartsWith(':') && !key.EndsWith(':')
        || ScraperCommandLine.HostKeys.Contains(key, StringComparer.OrdinalIgnoreCase);

    private string Suggest(string name)
    {
        if (name.Length <= 2)
        {
            return "";
        }

        var best = switches.SelectMany(s => s.Spellings).Concat(ScraperCommandLine.HelpSwitches.Take(1))
            .Select(s => (Spelling: s, Distance: Distance(name.ToLowerInvariant(), s.ToLowerInvariant())))
            .Where(s => s.Distance <= Math.Max(1, s.Spelling.Length / 3))
            .OrderBy(s => s.Distance)
            .FirstOrDefault();
        return best.Spelling is null ? "" : $"; did you mean '{best.Spelling}'?";
    }

    // Levenshtein distance; switches are short, so the full table is cheap.
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    // The first error is the one reported; the rest of the line is still read, so --help after it still counts.
    private void Fail(string arg, string message)
    {
        Error ??= message;
        Output.Add(arg);
    }
}
