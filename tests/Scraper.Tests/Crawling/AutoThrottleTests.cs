using Scraper.Crawling;
using Scraper.Crawling.Engine;

namespace Scraper.Tests.Crawling;

public sealed class AutoThrottleTests
{
    private static DomainSlot Slot(bool enabled, TimeSpan minimum) =>
        new("a.test", 4, minimum, randomize: false,
            new AutoThrottleOptions { Enabled = enabled, StartDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(10), TargetConcurrency = 2 },
            TimeProvider.System);

    [Fact]
    public void AutoThrottle_DelayMovesHalfWayToLatencyOverTargetConcurrency()
    {
        using var slot = Slot(enabled: true, TimeSpan.Zero);

        slot.RecordLatency(TimeSpan.FromSeconds(6), ok: true);
        Assert.Equal(TimeSpan.FromSeconds(2), slot.Delay);
        slot.RecordLatency(TimeSpan.FromSeconds(0.4), ok: true);
        Assert.Equal(TimeSpan.FromSeconds(1.1), slot.Delay);
    }

    [Fact]
    public void AutoThrottle_AnErrorNeverLowersTheDelayAndBoundsHold()
    {
        using var slot = Slot(enabled: true, TimeSpan.FromSeconds(0.8));

        slot.RecordLatency(TimeSpan.Zero, ok: false);
        Assert.Equal(TimeSpan.FromSeconds(1), slot.Delay);
        slot.RecordLatency(TimeSpan.Zero, ok: true);
        slot.RecordLatency(TimeSpan.Zero, ok: true);
        Assert.Equal(TimeSpan.FromSeconds(0.8), slot.Delay);
        slot.RecordLatency(TimeSpan.FromMinutes(5), ok: false);
        Assert.Equal(TimeSpan.FromSeconds(10), slot.Delay);
    }

    [Fact]
    public void AutoThrottle_OffByDefaultLeavesTheConfiguredDelay()
    {
        using var slot = Slot(enabled: false, TimeSpan.FromSeconds(0.25));

        slot.RecordLatency(TimeSpan.FromSeconds(30), ok: true);

        Assert.Equal(TimeSpan.FromSeconds(0.25), slot.Delay);
    }
}
