using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Scraper.Crawling;
using Scraper.Crawling.Downloading.HttpCache;

namespace Scraper.Hosting;

/// <summary>
/// The <c>--help</c> text: the switches, then the main configuration keys with their defaults, read from the
/// options classes themselves so the list cannot drift from the code.
/// </summary>
internal static class ScraperHelp
{
    public static void Write(TextWriter output, string program, IReadOnlyList<ScraperSwitch> switches, IConfiguration? configuration)
    {
        output.WriteLine($"Usage: {program} [switches] [--Section:Key=value ...]");
        output.WriteLine();
        output.WriteLine("Switches:");
        var rows = switches.Select(s => (Left: string.Join(", ", s.Spellings) + (s.IsFlag ? "" : " " + s.ValueName), Right: s.IsFlag ? $"{s.Description} ({s.Key}={s.FlagValue})" : $"{s.Description} ({s.Key})"))
            .Append(("--help, -h, -?", "show this help and exit"))
            .ToList();
        WriteRows(output, rows);
        output.WriteLine();
        output.WriteLine("Configuration keys, with their defaults (and the value in effect when it differs). Precedence, lowest first:");
        output.WriteLine("appsettings.json files, user secrets, environment variables (Scraper__MaxPages=100), the command line");
        output.WriteLine("(--Scraper:MaxPages=100 or a switch above). Scraper:Spiders:<name>:<key> sets a key for one spider and wins");
        output.WriteLine("over Scraper:<key> from the same or a lower layer; a switch or --Scraper:<key> on the command line wins over both.");
        WriteRows(output, Keys().Select(k => (k.Key, Describe(k.Key, k.Default, configuration))).ToList());
        output.WriteLine();
        output.WriteLine($"Exit codes: {ExitCodes.Success} finished, {ExitCodes.Failed} a spider failed, {ExitCodes.InvalidConfiguration} invalid configuration or command line, {ExitCodes.Interrupted} interrupted (Ctrl+C, SIGTERM).");
    }

    private static string Describe(string key, string defaultValue, IConfiguration? configuration) =>
        configuration?[key] is { } value && !string.Equals(value, defaultValue, StringComparison.OrdinalIgnoreCase)
            ? $"{defaultValue} (here: {value})"
            : defaultValue;

    private static void WriteRows(TextWriter output, List<(string Left, string Right)> rows)
    {
        var width = rows.Max(r => r.Left.Length) + 2;
        foreach (var (left, right) in rows)
        {
            output.WriteLine($"  {left.PadRight(width)}{right}");
        }
    }

    private static IEnumerable<(string Key, string Default)> Keys()
    {
        var section = ScraperHostOptions.SectionName;
        return KeysOf(section, new ScraperHostOptions())
            .Append(($"{section}:Spiders:<name>:Enabled|Schedule|Output", "true|none|none"))
            .Concat(KeysOf(section, new CrawlOptions()))
            .Concat(KeysOf($"{section}:{HttpCacheOptions.SectionName}", new HttpCacheOptions()))
            .Concat(KeysOf($"{section}:{Operations.TelemetryOptions.SectionName}", new Operations.TelemetryOptions()))
            .Concat(KeysOf($"{section}:{Operations.AlertOptions.SectionName}", new Operations.AlertOptions()))
            .Append(($"{section}:Status:Url|AllowRemote|Token|RefreshInterval", "none|false|none|00:00:01 (the status page, with AddStatusPage())"))
            .Append(("Serilog:MinimumLevel:Default", "Information"));
    }

    // Scalar properties with a setter, and one level of nested settings objects (AutoThrottle, Session, Proxies).
    private static IEnumerable<(string Key, string Default)> KeysOf(string prefix, object options, int depth = 0)
    {
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var value = property.GetValue(options);
            if (IsScalar(type) && property.SetMethod is { IsPublic: true })
            {
                yield return ($"{prefix}:{property.Name}", Format(value));
            }
            else if (depth == 0 && value is not null && type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("Scraper", StringComparison.Ordinal) == true)
            {
                foreach (var nested in KeysOf($"{prefix}:{property.Name}", value, depth + 1))
                {
                    yield return nested;
                }
            }
        }
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(TimeSpan) || type == typeof(decimal) || type == typeof(Uri);

    private static string Format(object? value) => value switch
    {
        null => "none",
        bool b => b ? "true" : "false",
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "none",
    };
}
