using System.Runtime.InteropServices;

namespace Scraper.Hosting;

/// <summary>
/// The second Ctrl+C: the first one stops the host gracefully (requests in flight finish, items are flushed,
/// cookies saved); a second one cancels <see cref="HardStop"/>, which cuts those waits short so the process
/// exits at once. Exporters write whole lines only, so even then no line is torn.
/// </summary>
public sealed class ScraperShutdown : IDisposable
{
    private readonly CancellationTokenSource _hardStop = new();
    private readonly PosixSignalRegistration? _interrupt;
    private int _interrupts;

    /// <summary>Listens for SIGINT (Ctrl+C).</summary>
    public ScraperShutdown()
    {
        _interrupt = OperatingSystem.IsWindows() || OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()
            ? PosixSignalRegistration.Create(PosixSignal.SIGINT, OnInterrupt)
            : null;
    }

    /// <summary>Gets a token cancelled by the second interrupt.</summary>
    public CancellationToken HardStop => _hardStop.Token;

    /// <summary>Cancels <see cref="HardStop"/> as a second interrupt would.</summary>
    public void StopNow() => _hardStop.Cancel();

    /// <inheritdoc />
    public void Dispose()
    {
        _interrupt?.Dispose();
        _hardStop.Dispose();
    }

    /// <summary>Counts an interrupt: the first one is the host's graceful stop, a second one stops at once.</summary>
    internal void Interrupted()
    {
        if (Interlocked.Increment(ref _interrupts) > 1)
        {
            _hardStop.Cancel();
        }
    }

    // The host's own handler cancels the first Ctrl+C and starts the graceful stop; this one only counts.
    private void OnInterrupt(PosixSignalContext context) => Interrupted();
}
