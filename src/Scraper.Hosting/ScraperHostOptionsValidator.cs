using Cronos;
using Microsoft.Extensions.Options;

namespace Scraper.Hosting;

/// <summary>Checks the host settings at start, naming the configuration key of the first bad value.</summary>
internal sealed class ScraperHostOptionsValidator : IValidateOptions<ScraperHostOptions>
{
    public ValidateOptionsResult Validate(string? name, ScraperHostOptions options)
    {
        var failures = new List<string>();
        if (options.Schedule is { } schedule && ParseCron(schedule) is { } error)
        {
            failures.Add($"Scraper:Schedule '{schedule}' is not a valid cron expression (5 fields, or 6 with seconds first): {error}");
        }

        AddIfAny(failures, OutputPath.Check("Scraper:Output", options.Output));
        foreach (var (spider, spiderOptions) in options.Spiders)
        {
            AddIfAny(failures, OutputPath.Check($"Scraper:Spiders:{spider}:Output", spiderOptions.Output));
            if (spiderOptions.Schedule is { } spiderSchedule && ParseCron(spiderSchedule) is { } spiderError)
            {
                failures.Add($"Scraper:Spiders:{spider}:Schedule '{spiderSchedule}' is not a valid cron expression (5 fields, or 6 with seconds first): {spiderError}");
            }
        }

        if (FindTimeZone(options.TimeZone) is null)
        {
            failures.Add($"Scraper:TimeZone '{options.TimeZone}' is not a known time zone.");
        }

        if (options.ShutdownTimeout <= TimeSpan.Zero)
        {
            failures.Add("Scraper:ShutdownTimeout must be positive.");
        }

        if (options.HistoryShown < 0)
        {
            failures.Add("Scraper:HistoryShown must not be negative.");
        }

        if (string.IsNullOrWhiteSpace(options.StateDirectory))
        {
            failures.Add("Scraper:StateDirectory must not be empty.");
        }

        if (options.JobCommitBatchSize < 1)
        {
            failures.Add($"Scraper:JobCommitBatchSize must be at least 1 (it is {options.JobCommitBatchSize}).");
        }

        if (options.Job is { } job && (job.Length == 0 || job is "." or ".." || !job.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            failures.Add($"Scraper:Job '{job}' must be a plain name (letters, digits, '-', '_', '.'): it names a folder under the state folder.");
        }

        AddIfAny(failures, SharedCrawl.Check(options));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void AddIfAny(List<string> failures, string? failure)
    {
        if (failure is not null)
        {
            failures.Add(failure);
        }
    }

    // 5 fields (minute first) or 6 (seconds first), as the README allows.
    internal static CronExpression ParseCronOrThrow(string expression) => CronExpression.Parse(
        expression,
        expression.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);

    internal static TimeZoneInfo? FindTimeZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;

    private static string? ParseCron(string expression)
    {
        try
        {
            ParseCronOrThrow(expression);
            return null;
        }
        catch (CronFormatException ex)
        {
            return ex.Message;
        }
    }
}
