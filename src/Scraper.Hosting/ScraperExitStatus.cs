namespace Scraper.Hosting;

/// <summary>
/// How a run-once host ended: the exit code (see <see cref="ExitCodes"/>) and its reason, also written as the last
/// log line. The host sets <see cref="Environment.ExitCode"/> too; this copy lets a caller that runs several hosts
/// in one process (a test) read its own.
/// </summary>
public sealed class ScraperExitStatus
{
    private volatile int _exitCode;

    /// <summary>Gets the exit code; 0 until the run ends.</summary>
    public int ExitCode => _exitCode;

    /// <summary>Gets the reason, for example <c>shop: Cancelled, 120 items</c>; null until the run ends.</summary>
    public string? Reason { get; private set; }

    internal void Set(int exitCode, string reason)
    {
        Reason = reason;
        _exitCode = exitCode;
    }
}
