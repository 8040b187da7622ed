using Microsoft.Extensions.Logging;

namespace Scraper.Crawling.Engine;

/// <summary>The item path's log messages.</summary>
internal static partial class ItemLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Debug, Message = "[{Spider}] Dropped {ItemType} from {Url}: {Reason}")]
    public static partial void Dropped(ILogger logger, string spider, string itemType, string reason, string url);

    [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "[{Spider}] Pipeline {Pipeline} failed on an item from {Url}; the item is lost, the crawl goes on")]
    public static partial void PipelineFailed(ILogger logger, Exception exception, string spider, string pipeline, string url);

    [LoggerMessage(EventId = 202, Level = LogLevel.Error, Message = "[{Spider}] Exporter {Exporter} failed on an item from {Url}")]
    public static partial void ExportFailed(ILogger logger, Exception exception, string spider, string exporter, string url);

    [LoggerMessage(EventId = 203, Level = LogLevel.Error, Message = "[{Spider}] Closing {Stage} failed")]
    public static partial void CloseFailed(ILogger logger, Exception exception, string spider, string stage);

    [LoggerMessage(EventId = 204, Level = LogLevel.Warning, Message = "[{Spider}] Shutdown deadline passed with {Count} item(s) still queued; they were not exported")]
    public static partial void Abandoned(ILogger logger, string spider, int count);

    [LoggerMessage(EventId = 205, Level = LogLevel.Warning, Message = "[{Spider}] The run ended {Outcome}: its items were kept in {Path}, and the last complete export was left as it was")]
    public static partial void KeptPartial(ILogger logger, string spider, CrawlOutcome outcome, string path);

    [LoggerMessage(EventId = 206, Level = LogLevel.Information, Message = "[{Spider}] Resuming the export in {Path} at its last committed checkpoint ({Items} items)")]
    public static partial void ResumedExport(ILogger logger, string spider, string path, long items);

    [LoggerMessage(EventId = 207, Level = LogLevel.Information, Message = "[{Spider}] The run ended {Outcome}: its export stays with the job, to be resumed by the next run; the last complete export was left as it was")]
    public static partial void KeptForResume(ILogger logger, string spider, CrawlOutcome outcome);

    [LoggerMessage(EventId = 208, Level = LogLevel.Error, Message = "[{Spider}] Committing {Count} acknowledgements with the export checkpoints failed; they are tried again with the next batch")]
    public static partial void CommitFailed(ILogger logger, Exception exception, string spider, int count);

    [LoggerMessage(EventId = 209, Level = LogLevel.Error, Message = "[{Spider}] Committing {Count} acknowledgements with the export checkpoints failed on storage; the run stops and ends failed. "
        + "They are tried once more as it ends; whatever is not committed stays in the job and is handed out again when it resumes")]
    public static partial void CommitFailedOnStorage(ILogger logger, Exception exception, string spider, int count);
}
