namespace Scraper.Hosting.Tests;

public sealed class ShutdownTests
{
    [Fact]
    public void Shutdown_FirstInterruptIsGracefulAndTheSecondStopsAtOnce()
    {
        using var shutdown = new ScraperShutdown();

        shutdown.Interrupted();
        Assert.False(shutdown.HardStop.IsCancellationRequested);

        shutdown.Interrupted();
        Assert.True(shutdown.HardStop.IsCancellationRequested);
    }
}
