using Microsoft.Extensions.Time.Testing;
using Scraper.Crawling;
using Scraper.Crawling.Scheduling;

namespace Scraper.Redis.Tests;

/// <summary>A page's links go into the shared crawl together: one lookup of the seen set, one admitting script.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisAdmitTests(RedisServer redis)
{
    private readonly string _crawl = "t" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task EnqueueRange_LinksAnotherWorkerAdmittedFirst_AreNotQueuedAgain_TheRestAreInOrder()
    {
        await using var first = await redis.ConnectAsync(_crawl);
        await using var second = await redis.ConnectAsync(_crawl);
        await using var a = await OpenAsync(first);
        await using var b = await OpenAsync(second);
        await b.EnqueueRangeAsync([new Request("https://shop.test/2")]);

        await a.EnqueueRangeAsync([.. new[] { 1, 2, 3 }.Select(n => new Request($"https://shop.test/{n}"))]);

        Assert.Equal(["/2", "/1", "/3"], await DrainAsync(a));
    }

    [Fact]
    public async Task EnqueueRange_RequestThatOptsOutOfFiltering_IsQueuedThoughItsLinkWasSeen()
    {
        await using var worker = await redis.ConnectAsync(_crawl);
        await using var frontier = await OpenAsync(worker);
        await frontier.EnqueueRangeAsync([new Request("https://shop.test/login")]);

        await frontier.EnqueueRangeAsync([new Request("https://shop.test/login") { DontFilter = true }, new Request("https://shop.test/login")]);

        Assert.Equal(["/login", "/login"], await DrainAsync(frontier));
    }

    [Fact]
    public async Task EnqueueRange_MoreLinksThanOneScriptTakes_QueuesEveryOneInOrderWithItsPriority()
    {
        await using var worker = await redis.ConnectAsync(_crawl);
        await using var frontier = await OpenAsync(worker);
        var requests = Enumerable.Range(0, 600).Select(n => new Request($"https://shop.test/{n}") { Priority = n == 599 ? 1 : 0 }).ToArray();

        await frontier.EnqueueRangeAsync(requests);

        Assert.Equal(600, frontier.Count);
        Assert.Equal(["/599", .. Enumerable.Range(0, 599).Select(n => $"/{n}")], await DrainAsync(frontier));
    }

    [Fact]
    public async Task DuplicateFilter_TryAddRange_SeenByAnotherWorkerOrEarlierInTheRange_AreDuplicates()
    {
        await using var first = await redis.ConnectAsync(_crawl);
        await using var second = await redis.ConnectAsync(_crawl);
        await using var frontier = await OpenAsync(first);
        await frontier.EnqueueRangeAsync([new Request("https://shop.test/seen")]);
        await using var filter = second.CreateDuplicateFilter();
        var fingerprints = new[] { "new", "seen", "new", "other" }.Select(path => RequestFingerprint.Compute(new Request($"https://shop.test/{path}"))).ToArray();

        var added = await filter.TryAddRangeAsync(fingerprints);

        Assert.Equal([true, false, false, true], added);
        // Only looked up, not recorded in Redis: the admitting script records a link with its request.
        await using var third = await redis.ConnectAsync(_crawl);
        await using var thirdFilter = third.CreateDuplicateFilter();
        var elsewhere = await thirdFilter.TryAddRangeAsync([fingerprints[0]]);
        Assert.Equal([true], elsewhere);
    }

    [Fact]
    public async Task Retry_WorkerOnAFakeClock_WaitsRealTimeBetweenAttempts_SoAFailedCommandIsNotHeldForEver()
    {
        // The crawl's clock times leases and pauses; a retry's backoff on it would never end while nobody moves it.
        LostAnswers refused = null!;
        await using var worker = await RedisCrawl.ConnectAsync(
            new RedisCrawlOptions { Configuration = redis.Configuration, Crawl = _crawl, Worker = "w1", WrapDatabase = database => LostAnswers.Refuse(database, CommitScripts.Admit, 1, out refused) },
            new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56)));
        await using var frontier = await OpenAsync(worker);

        await frontier.EnqueueRangeAsync([new Request("https://shop.test/a")]).AsTask().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(1, refused.Lost);
        Assert.Equal(["/a"], await DrainAsync(frontier));
    }

    private static async Task<IFrontier> OpenAsync(RedisCrawl crawl)
    {
        var frontier = crawl.CreateFrontier();
        await frontier.OpenAsync(QueueSpider.Context());
        return frontier;
    }

    private static async Task<List<string>> DrainAsync(IFrontier frontier)
    {
        var paths = new List<string>();
        while (await frontier.TryDequeueAsync() is { } lease)
        {
            paths.Add(lease.Request.Url.AbsolutePath);
            await frontier.AcknowledgeAsync(lease);
        }

        return paths;
    }
}
