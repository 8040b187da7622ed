using Microsoft.Extensions.Time.Testing;
using Scraper.Crawling;
using Scraper.Crawling.Scheduling;

namespace Scraper.Sqlite.Tests;

public sealed class SqliteFrontierTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Lease_ProcessDiesWithoutAcknowledging_IsHandedOutAgainOnReopen()
    {
        var path = _folder.File("job.db");
        await using (var job = await SqliteCrawlJob.OpenAsync(path))
        {
            var frontier = await OpenFrontierAsync(job);
            var spider = QueueSpider.Shared;
            await frontier.EnqueueAsync(new Request("https://shop.test/a", spider.Detail) { Depth = 2 });
            var lease = await frontier.TryDequeueAsync();
            Assert.NotNull(lease);
            Assert.Equal(0, frontier.Count);
            // The "crash": the job is closed with the lease never acknowledged.
        }

        await using var reopened = await SqliteCrawlJob.OpenAsync(path);
        Assert.Equal(1, reopened.Reclaimed);
        var again = await OpenFrontierAsync(reopened);
        Assert.Equal(1, again.Count);
        var second = await again.TryDequeueAsync();
        Assert.Equal(new Uri("https://shop.test/a"), second!.Request.Url);
        Assert.Equal(2, second.Request.Depth);
        Assert.Equal(nameof(QueueSpider.Detail), second.Request.Callback!.Value.Target.Method.Name);
    }

    [Fact]
    public async Task Acknowledge_RemovesTheRequestForGood()
    {
        var path = _folder.File("job.db");
        await using (var job = await SqliteCrawlJob.OpenAsync(path))
        {
            var frontier = await OpenFrontierAsync(job);
            await frontier.EnqueueAsync(new Request("https://shop.test/a"));
            await frontier.AcknowledgeAsync((await frontier.TryDequeueAsync())!);
        }

        await using var reopened = await SqliteCrawlJob.OpenAsync(path);
        var again = await OpenFrontierAsync(reopened);
        Assert.Equal(0, reopened.Reclaimed);
        Assert.Equal(0, again.Count);
        Assert.Null(await again.TryDequeueAsync());
    }

    [Fact]
    public async Task TryDequeue_HighestPriorityFirst_FirstInFirstOutWithin()
    {
        await using var job = await SqliteCrawlJob.OpenAsync(_folder.File("job.db"));
        var frontier = await OpenFrontierAsync(job);
        foreach (var (path, priority) in new[] { ("low1", -1), ("mid1", 0), ("high", 5), ("mid2", 0), ("low2", -1) })
        {
            await frontier.EnqueueAsync(new Request("https://shop.test/" + path) { Priority = priority });
        }

        var order = new List<string>();
        while (await frontier.TryDequeueAsync() is { } lease)
        {
            order.Add(lease.Request.Url.AbsolutePath.TrimStart('/'));
        }

        Assert.Equal(["high", "mid1", "mid2", "low1", "low2"], order);
    }

    [Fact]
    public async Task LeaseTimeout_LeaseLeftTooLong_IsHandedOutAgainInTheRun()
    {
        var time = new FakeTimeProvider();
        await using var job = await SqliteCrawlJob.OpenAsync(_folder.File("job.db"), new SqliteJobOptions { LeaseTimeout = TimeSpan.FromMinutes(5) }, time);
        var frontier = await OpenFrontierAsync(job);
        await frontier.EnqueueAsync(new Request("https://shop.test/a"));
        Assert.NotNull(await frontier.TryDequeueAsync());

        time.Advance(TimeSpan.FromMinutes(4));
        Assert.Null(await frontier.TryDequeueAsync());
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(new Uri("https://shop.test/a"), (await frontier.TryDequeueAsync())?.Request.Url);
    }

    [Fact]
    public async Task DuplicateFilter_EnqueuedFingerprints_SurviveReopen()
    {
        var path = _folder.File("job.db");
        var request = new Request("https://shop.test/a");
        var fingerprint = RequestFingerprint.Compute(request);
        await using (var job = await SqliteCrawlJob.OpenAsync(path))
        {
            var filter = job.CreateDuplicateFilter();
            var frontier = await OpenFrontierAsync(job);
            Assert.True(await filter.TryAddAsync(fingerprint));
            Assert.False(await filter.TryAddAsync(fingerprint));
            await frontier.EnqueueAsync(request);
            Assert.False(await filter.TryAddAsync(fingerprint));
        }

        await using var reopened = await SqliteCrawlJob.OpenAsync(path);
        var again = reopened.CreateDuplicateFilter();
        Assert.False(await again.TryAddAsync(fingerprint));
        Assert.True(await again.TryAddAsync(RequestFingerprint.Compute(new Request("https://shop.test/b"))));
    }

    [Fact]
    public async Task DuplicateFilter_AdmittedButNeverEnqueued_IsForgottenOnReopen()
    {
        // A crash between the filter's yes and the frontier's write must not leave a fingerprint without its
        // request: the resumed parent yields the link again, and it must not be dropped as a duplicate.
        var path = _folder.File("job.db");
        var fingerprint = RequestFingerprint.Compute(new Request("https://shop.test/a"));
        await using (var job = await SqliteCrawlJob.OpenAsync(path))
        {
            Assert.True(await job.CreateDuplicateFilter().TryAddAsync(fingerprint));
        }

        await using var reopened = await SqliteCrawlJob.OpenAsync(path);
        Assert.True(await reopened.CreateDuplicateFilter().TryAddAsync(fingerprint));
    }

    [Fact]
    public async Task StartRequestsSeeded_IsRememberedAcrossReopen_AndFreshClearsIt()
    {
        var path = _folder.File("job.db");
        await using (var job = await SqliteCrawlJob.OpenAsync(path))
        {
            var frontier = await OpenFrontierAsync(job);
            Assert.False(await frontier.HasSeededStartRequestsAsync());
            await frontier.EnqueueAsync(new Request("https://shop.test/a"));
            await frontier.MarkStartRequestsSeededAsync();
        }

        await using (var resumed = await SqliteCrawlJob.OpenAsync(path))
        {
            Assert.True(await (await OpenFrontierAsync(resumed)).HasSeededStartRequestsAsync());
        }

        await using var fresh = await SqliteCrawlJob.OpenAsync(path, new SqliteJobOptions { Fresh = true });
        var cleared = await OpenFrontierAsync(fresh);
        Assert.False(await cleared.HasSeededStartRequestsAsync());
        Assert.Equal(0, cleared.Count);
        Assert.True(await fresh.CreateDuplicateFilter().TryAddAsync(RequestFingerprint.Compute(new Request("https://shop.test/a"))));
    }

    [Fact]
    public async Task MarkFinished_NextOpenStartsOver_KeepingSessions()
    {
        var path = _folder.File("job.db");
        await using (var job = await SqliteCrawlJob.OpenAsync(path))
        {
            Assert.False(job.StartedOver);
            var frontier = await OpenFrontierAsync(job);
            await frontier.EnqueueAsync(new Request("https://shop.test/a"));
            await frontier.MarkStartRequestsSeededAsync();
            await job.Sessions.SaveCookiesAsync("default", [new Scraper.Http.Cookies.StoredCookie("sid", "1", "shop.test", "/")]);
            await job.MarkFinishedAsync();
        }

        await using var next = await SqliteCrawlJob.OpenAsync(path);
        Assert.True(next.StartedOver);
        Assert.False(await (await OpenFrontierAsync(next)).HasSeededStartRequestsAsync());
        Assert.Equal(0, next.CreateFrontier().Count);
        Assert.NotNull(await next.Sessions.LoadCookiesAsync("default"));
    }

    [Fact]
    public async Task Enqueue_LambdaCallback_ThrowsNamingIt_AndStoresNothing()
    {
        await using var job = await SqliteCrawlJob.OpenAsync(_folder.File("job.db"));
        var frontier = await OpenFrontierAsync(job);

        var error = await Assert.ThrowsAsync<Scraper.Crawling.Scheduling.Storage.RequestNotStorableException>(
            () => frontier.EnqueueAsync(new Request("https://shop.test/a", response => [response.Url])).AsTask());

        Assert.Contains(nameof(Enqueue_LambdaCallback_ThrowsNamingIt_AndStoresNothing), error.Message, StringComparison.Ordinal);
        Assert.Equal(0, frontier.Count);
        Assert.Null(await frontier.TryDequeueAsync());
    }

    [Fact]
    public async Task TryDequeue_HigherPriorityEnqueuedWhileABatchIsLeased_ComesNext_AndNothingIsLost()
    {
        // Leases are taken a batch at a time: one enqueued meanwhile with a higher priority must not wait behind them.
        var path = _folder.File("job.db");
        await using (var job = await SqliteCrawlJob.OpenAsync(path))
        {
            var frontier = await OpenFrontierAsync(job);
            foreach (var name in new[] { "a", "b", "c" })
            {
                await frontier.EnqueueAsync(new Request("https://shop.test/" + name));
            }

            Assert.Equal("/a", (await frontier.TryDequeueAsync())!.Request.Url.AbsolutePath);
            await frontier.EnqueueAsync(new Request("https://shop.test/urgent") { Priority = 5 });
            Assert.Equal("/urgent", (await frontier.TryDequeueAsync())!.Request.Url.AbsolutePath);
            Assert.Equal("/b", (await frontier.TryDequeueAsync())!.Request.Url.AbsolutePath);
            Assert.Equal(1, frontier.Count);
        }

        // Killed with leases taken in a batch and not handed out: all are handed out again.
        await using var reopened = await SqliteCrawlJob.OpenAsync(path);
        Assert.Equal(4, reopened.Reclaimed);
        Assert.Equal(4, reopened.CreateFrontier().Count);
    }

    private static async Task<IFrontier> OpenFrontierAsync(SqliteCrawlJob job)
    {
        var frontier = job.CreateFrontier();
        await frontier.OpenAsync(QueueSpider.Context());
        return frontier;
    }
}
