using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;
using Scraper.Crawling;
using Scraper.Crawling.Downloading.Retry;
using Scraper.Http;

namespace Scraper.Tests.Crawling;

/// <summary>What the engine does after each kind of failed attempt.</summary>
public sealed class RetryPlannerTests
{
    private static readonly Uri Page = new("https://shop.test/page");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly RetryPlanner _planner;

    public RetryPlannerTests() => _planner = new RetryPlanner(new CrawlOptions { RetryDelay = TimeSpan.FromSeconds(1), MaxRetryDelay = TimeSpan.FromSeconds(5) }, _time);

    public static TheoryData<Exception> TransientErrors => new()
    {
        new SessionTimeoutException(Page, TimeSpan.FromSeconds(30)),
        new SessionConnectionException(Page, ConnectionFailure.ConnectionReset, new IOException("reset")),
        new SessionConnectionException(Page, ConnectionFailure.ConnectionRefused, new IOException("refused")),
        new ContentDecodingException(Page, "identity", ContentDecodingFailure.Truncated),
    };

    [Theory]
    [MemberData(nameof(TransientErrors))]
    public void Decide_TransientErrorBacksOffThatRequestOnly(Exception error)
    {
        var decision = _planner.Decide(new Request(Page), status: null, retryAfter: null, error, attempt: 1);

        Assert.Equal(new RetryDecision(RetryAction.RetryRequest, TimeSpan.FromSeconds(2), error.GetType().Name), decision);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(408)]
    public void Decide_StatusWithoutRetryAfterBacksOffThatRequestOnly(int status)
    {
        var decision = _planner.Decide(new Request(Page), status, retryAfter: null, error: null, attempt: 0);

        Assert.Equal(RetryAction.RetryRequest, decision.Action);
        Assert.Equal(TimeSpan.FromSeconds(1), decision.Delay);
    }

    [Fact]
    public void Decide_BackoffDoublesUpToMaxRetryDelay()
    {
        var delays = Enumerable.Range(0, 3).Select(attempt => _planner.Decide(new Request(Page), 500, null, null, attempt).Delay);

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], delays);
        Assert.Equal(TimeSpan.FromSeconds(5), new RetryPlanner(new CrawlOptions { MaxRetries = 10, MaxRetryDelay = TimeSpan.FromSeconds(5) }, _time).Decide(new Request(Page), 500, null, null, 8).Delay);
    }

    [Fact]
    public void Decide_TooManyRequestsWithoutRetryAfterPausesTheDomain()
    {
        var decision = _planner.Decide(new Request(Page), 429, retryAfter: null, error: null, attempt: 0);

        Assert.Equal(RetryAction.RetryAfterDomainPause, decision.Action);
    }

    [Fact]
    public void Decide_RetryAfterInSecondsOrAsADatePausesTheDomainForThatLong()
    {
        var seconds = _planner.Decide(new Request(Page), 503, new RetryConditionHeaderValue(TimeSpan.FromSeconds(20)), null, 0);
        var date = _planner.Decide(new Request(Page), 503, new RetryConditionHeaderValue(_time.GetUtcNow().AddSeconds(45)), null, 0);
        var past = _planner.Decide(new Request(Page), 503, new RetryConditionHeaderValue(_time.GetUtcNow().AddSeconds(-45)), null, 0);

        Assert.Equal(new RetryDecision(RetryAction.RetryAfterDomainPause, TimeSpan.FromSeconds(20), "503"), seconds);
        Assert.Equal(new RetryDecision(RetryAction.RetryAfterDomainPause, TimeSpan.FromSeconds(45), "503"), date);
        Assert.Equal(TimeSpan.Zero, past.Delay);
    }

    [Fact]
    public void Decide_RetryAfterOverMaxRetryAfterDropsTheRequest()
    {
        var decision = _planner.Decide(new Request(Page), 429, new RetryConditionHeaderValue(TimeSpan.FromHours(1)), null, 0);

        Assert.Equal(RetryAction.DropRetryAfterTooLong, decision.Action);
    }

    [Fact]
    public void Decide_OutOfAttemptsGivesUp()
    {
        Assert.Equal(RetryAction.GiveUp, _planner.Decide(new Request(Page), 500, null, null, attempt: 3).Action);
        Assert.Equal(RetryAction.GiveUp, _planner.Decide(new Request(Page), 503, new RetryConditionHeaderValue(TimeSpan.FromSeconds(1)), null, attempt: 3).Action);
    }

    public static TheoryData<Exception> RequestErrors => new()
    {
        new ArgumentException("Header 'X-Token' contains a control character.", "X-Token"),
        new SessionConnectionException(Page, ConnectionFailure.Tls, new IOException("tls")),
        new SessionConnectionException(Page, ConnectionFailure.NameResolution, new IOException("dns")),
        new ResponseTooLargeException(Page, 10, 20),
        new InvalidRequestUrlException("not a url", "no scheme"),
        new ContentDecodingException(Page, "gzip", ContentDecodingFailure.Corrupt),
    };

    [Theory]
    [MemberData(nameof(RequestErrors))]
    public void Decide_ErrorsThatASecondTryCannotFixAreNeverRetried(Exception error)
    {
        Assert.Equal(RetryAction.GiveUp, _planner.Decide(new Request(Page), null, null, error, 0).Action);
    }

    [Fact]
    public void Decide_PostIsNotRetriedUnlessTheRequestOptsIn()
    {
        var post = new Request(Page) { Method = HttpMethod.Post };

        Assert.Equal(RetryAction.GiveUp, _planner.Decide(post, 503, null, null, 0).Action);
        Assert.Equal(RetryAction.RetryRequest, _planner.Decide(post with { Retry = true }, 503, null, null, 0).Action);
    }
}
