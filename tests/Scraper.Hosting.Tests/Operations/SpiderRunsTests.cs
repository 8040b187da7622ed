using Scraper.Crawling;
using Scraper.Hosting.Operations;

namespace Scraper.Hosting.Tests.Operations;

public sealed class SpiderRunsTests
{
    [Fact]
    public async Task TryStart_WhileARunGoes_StartsNothing_AndStopCancelsOnlyThatRun()
    {
        var runs = new SpiderRuns(TimeProvider.System);
        runs.Register("shop", null);
        runs.Register("news", null);
        var tokens = new List<CancellationToken>();
        async Task<CrawlResult?> RunUntilStopped(CancellationToken token)
        {
            tokens.Add(token);
            await Task.Delay(Timeout.Infinite, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return null;
        }

        var shop = runs.TryStart("shop", RunUntilStopped, CancellationToken.None);
        var news = runs.TryStart("news", RunUntilStopped, CancellationToken.None);

        Assert.NotNull(shop);
        Assert.NotNull(news);
        Assert.Null(runs.TryStart("shop", RunUntilStopped, CancellationToken.None));
        Assert.NotNull(runs.Find("shop")!.RunningSince);
        Assert.True(runs.Stop("shop"));
        await shop;
        Assert.True(tokens[0].IsCancellationRequested);
        Assert.False(tokens[1].IsCancellationRequested);
        Assert.Null(runs.Find("shop")!.RunningSince);
        Assert.False(runs.Stop("shop"));
        Assert.True(runs.Stop("news"));
        await runs.WhenIdleAsync();
    }

    [Fact]
    public void RunNow_BeforeTheSchedulerAcceptsIt_OrForAnUnknownSpider_StartsNothing()
    {
        var runs = new SpiderRuns(TimeProvider.System);
        runs.Register("shop", "* * * * *");
        Assert.False(runs.RunNow("shop"));

        var started = new List<string>();
        runs.AcceptRunNow(name =>
        {
            started.Add(name);
            return Task.FromResult<CrawlResult?>(null);
        });

        Assert.True(runs.RunNow("shop"));
        Assert.False(runs.RunNow("nobody"));
        Assert.Equal(["shop"], started);
    }
}
