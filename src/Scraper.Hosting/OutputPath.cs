using System.Globalization;
using System.Text.RegularExpressions;
using Scraper.Items;

namespace Scraper.Hosting;

/// <summary>The output setting's placeholders: <c>{spider}</c>, <c>{run}</c> and <c>{date}</c>, checked at start and filled in per run.</summary>
internal static partial class OutputPath
{
    private static readonly string[] Known = ["spider", "run", "date"];

    /// <summary>Fills in the placeholders for one run.</summary>
    public static string Resolve(string template, string spider, string runId, DateTimeOffset started, TimeZoneInfo zone) =>
        template
            .Replace("{spider}", spider, StringComparison.Ordinal)
            .Replace("{run}", runId, StringComparison.Ordinal)
            .Replace("{date}", TimeZoneInfo.ConvertTime(started, zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>Where a run that does not complete keeps its items: tagged with the run's id unless the name already holds it.</summary>
    public static string PartialOf(string template, string resolved, string runId) =>
        ItemExporters.PartialPathFor(resolved, template.Contains("{run}", StringComparison.Ordinal) ? null : runId);

    /// <summary>A temporary file of the run's own beside the target, one readers skip (a dot first, <c>.tmp</c> last).</summary>
    public static string TemporaryOf(string resolved, string runId) =>
        Path.Combine(Path.GetDirectoryName(resolved)!, $".{Path.GetFileName(resolved)}.{runId}.tmp");

    /// <summary>A run's id: its start time (UTC, sortable) and a random suffix, so two runs started together differ.</summary>
    public static string NewRunId(DateTimeOffset started) =>
        started.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..4];

    /// <summary>What is wrong with an output setting, naming its key; null when nothing is.</summary>
    public static string? Check(string key, string? template)
    {
        if (template is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(template))
        {
            return $"{key} must not be empty.";
        }

        foreach (Match placeholder in Placeholder().Matches(template))
        {
            if (!Known.Contains(placeholder.Groups[1].Value, StringComparer.Ordinal))
            {
                return $"{key} '{template}' uses the unknown placeholder '{placeholder.Value}': use {{spider}}, {{run}} or {{date}}.";
            }
        }

        return ItemExporters.CheckExtension(template) is { } extension ? $"{key}: {extension}" : null;
    }

    [GeneratedRegex(@"\{([^{}]*)\}")]
    private static partial Regex Placeholder();
}
