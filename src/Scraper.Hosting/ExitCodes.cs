namespace Scraper.Hosting;

/// <summary>The process exit codes of a Scraper host.</summary>
public static class ExitCodes
{
    /// <summary>Every spider finished.</summary>
    public const int Success = 0;

    /// <summary>A spider failed: its login failed, or an unhandled error stopped it.</summary>
    public const int Failed = 1;

    /// <summary>The configuration is invalid (the log names the key).</summary>
    public const int InvalidConfiguration = 2;

    /// <summary>The run was interrupted (Ctrl+C, SIGTERM); what was scraped is flushed.</summary>
    public const int Interrupted = 130;
}
