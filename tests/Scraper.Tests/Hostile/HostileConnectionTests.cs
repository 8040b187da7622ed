namespace Scraper.Tests.Hostile;

/// <summary>Hostile connections: resets, short bodies, silence, trickles, and answers that never come.</summary>
public sealed class HostileConnectionTests
{
    /// <summary>
    /// Headers and half the body, then a reset (a connection error) or an orderly close (a body shorter than its
    /// Content-Length: N8's ContentDecodingException, pending from the bodies helper; a SessionConnectionException today).
    /// </summary>
    [Theory]
    [InlineData("/reset", "SessionConnectionException")]
    [InlineData("/short", "ContentDecodingException")]
    public async Task Crawl_BodyCutShort_CountedUnderItsTypeAndTheCrawlGoesOn(string path, string errorType)
    {
        await using var raw = RawSocketServer.Start();
        await using var site = await HostileSite.StartAsync(raw.At(path).AbsoluteUri);

        var run = await HostileCrawl.RunAsync(site, options => options.Retry.MaxRetries = 1);

        run.AssertCompletedWithEveryGoodItemOnce();
        run.AssertErrorCounted(errorType);
        run.AssertLogged(raw.At(path));
    }

    /// <summary>
    /// Pending the engine change "one attempt is one request on the wire": today SocketsHttpHandler resends a request
    /// whose connection closed before any answer, so the server sees several requests per attempt.
    /// </summary>
    [Fact]
    public async Task Crawl_ServerClosesWithoutAnswering_OneRequestPerAttemptAndTheErrorCounted()
    {
        await using var raw = RawSocketServer.Start();
        await using var site = await HostileSite.StartAsync(raw.At("/no-answer").AbsoluteUri);

        var run = await HostileCrawl.RunAsync(site, options => options.Retry.MaxRetries = 3);

        run.AssertCompletedWithEveryGoodItemOnce();
        run.AssertErrorCounted("SessionConnectionException");
        Assert.Equal(3, run.Stats.Retries);
        Assert.Equal(4, raw.RequestsOf("/no-answer"));
        run.AssertLogged(raw.At("/no-answer"));
    }

    /// <summary>A body trickling one byte a second, and headers followed by silence: both outlast the one-second timeout.</summary>
    [Theory]
    [InlineData("/slow/trickle")]
    [InlineData("/slow/silent")]
    public async Task Crawl_TricklingOrSilentBody_TimeoutCountedAndTheCrawlGoesOn(string path)
    {
        await using var site = await HostileSite.StartAsync(path);

        var run = await HostileCrawl.RunAsync(site, options => options.Retry.MaxRetries = 1);

        run.AssertCompletedWithEveryGoodItemOnce();
        run.AssertErrorCounted("SessionTimeoutException");
        Assert.Equal(2, site.HitsOf(path).Count);
        run.AssertLogged(site.At(path));
    }
}
