using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;
using Scraper.Http;

namespace Scraper.Tests.Http;

/// <summary>What the one retry policy, shared by sessions and the engine, decides after each kind of failed attempt.</summary>
public sealed class RetryPolicyTests
{
    private static readonly Uri Page = new("https://shop.test/page");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly RetryPolicy _policy;

    public RetryPolicyTests() => _policy = new RetryPolicy(new RetryOptions { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(5) }, _time);

    private RetryDecision Decide(int? status, RetryConditionHeaderValue? retryAfter, Exception? error, int attempt, RetryPolicy? policy = null) =>
        (policy ?? _policy).Decide(mayRetry: true, status, retryAfter, error, attempt);

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
        var decision = Decide(status: null, retryAfter: null, error, attempt: 1);

        Assert.Equal(new RetryDecision(RetryAction.RetryRequest, TimeSpan.FromSeconds(2), error.GetType().Name), decision);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(408)]
    public void Decide_StatusWithoutRetryAfterBacksOffThatRequestOnly(int status)
    {
        var decision = Decide(status, retryAfter: null, error: null, attempt: 0);

        Assert.Equal(RetryAction.RetryRequest, decision.Action);
        Assert.Equal(TimeSpan.FromSeconds(1), decision.Delay);
    }

    [Fact]
    public void Decide_BackoffDoublesUpToMaxDelay()
    {
        var delays = Enumerable.Range(0, 3).Select(attempt => Decide(500, null, null, attempt).Delay);

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], delays);
        Assert.Equal(TimeSpan.FromSeconds(5), Decide(500, null, null, 8, new RetryPolicy(new RetryOptions { MaxRetries = 10, MaxDelay = TimeSpan.FromSeconds(5) }, _time)).Delay);
    }

    [Fact]
    public void Decide_TooManyRequestsWithoutRetryAfterPausesTheDomain()
    {
        var decision = Decide(429, retryAfter: null, error: null, attempt: 0);

        Assert.Equal(RetryAction.RetryAfterDomainPause, decision.Action);
    }

    [Fact]
    public void Decide_RetryAfterInSecondsOrAsADatePausesTheDomainForThatLong()
    {
        var seconds = Decide(503, new RetryConditionHeaderValue(TimeSpan.FromSeconds(20)), null, 0);
        var date = Decide(503, new RetryConditionHeaderValue(_time.GetUtcNow().AddSeconds(45)), null, 0);
        var past = Decide(503, new RetryConditionHeaderValue(_time.GetUtcNow().AddSeconds(-45)), null, 0);

        Assert.Equal(new RetryDecision(RetryAction.RetryAfterDomainPause, TimeSpan.FromSeconds(20), "503"), seconds);
        Assert.Equal(new RetryDecision(RetryAction.RetryAfterDomainPause, TimeSpan.FromSeconds(45), "503"), date);
        Assert.Equal(TimeSpan.Zero, past.Delay);
    }

    [Fact]
    public void Decide_RetryAfterOverMaxRetryAfterDropsTheRequest()
    {
        var decision = Decide(429, new RetryConditionHeaderValue(TimeSpan.FromHours(1)), null, 0);

        Assert.Equal(RetryAction.DropRetryAfterTooLong, decision.Action);
    }

    [Fact]
    public void Decide_OutOfAttemptsGivesUp()
    {
        Assert.Equal(RetryAction.GiveUp, Decide(500, null, null, attempt: 3).Action);
        Assert.Equal(RetryAction.GiveUp, Decide(503, new RetryConditionHeaderValue(TimeSpan.FromSeconds(1)), null, attempt: 3).Action);
    }

    public static TheoryData<Exception> RequestErrors => new()
    {
        new ArgumentException("Header 'X-Token' contains a control character.", "X-Token"),
        new SessionConnectionException(Page, ConnectionFailure.Tls, new IOException("tls")),
        new SessionConnectionException(Page, ConnectionFailure.NameResolution, new IOException("dns")),
        new ResponseTooLargeException(Page, 10, 20),
        new InvalidRequestUrlException("not a url", "no scheme"),
        new ContentDecodingException(Page, "gzip", ContentDecodingFailure.Corrupt),
        new InvalidHeaderException("X-Token", "contains a control character"),
    };

    [Theory]
    [MemberData(nameof(RequestErrors))]
    public void Decide_ErrorsThatASecondTryCannotFixAreNeverRetried(Exception error)
    {
        Assert.Equal(RetryAction.GiveUp, Decide(null, null, error, 0).Action);
    }

    [Fact]
    public void Decide_PostIsNotRetriedUnlessTheRequestOptsIn()
    {
        Assert.Equal(RetryAction.GiveUp, _policy.Decide(RetryPolicy.MayRetry(HttpMethod.Post, requestRetry: null), 503, null, null, 0).Action);
        Assert.Equal(RetryAction.RetryRequest, _policy.Decide(RetryPolicy.MayRetry(HttpMethod.Post, requestRetry: true), 503, null, null, 0).Action);
        Assert.Equal(RetryAction.GiveUp, _policy.Decide(RetryPolicy.MayRetry(HttpMethod.Get, requestRetry: false), 503, null, null, 0).Action);
    }

    [Fact]
    public void Decide_N8_TruncatedBodyIsRetriedCorruptBodyIsNot()
    {
        Assert.Equal(RetryAction.RetryRequest, Decide(null, null, new ContentDecodingException(Page, "gzip", ContentDecodingFailure.Truncated), 0).Action);
        Assert.Equal(RetryAction.GiveUp, Decide(null, null, new ContentDecodingException(Page, "gzip", ContentDecodingFailure.Corrupt), 0).Action);
    }

    [Theory]
    [InlineData(522)]
    [InlineData(524)]
    public void Decide_T1_CloudflareTimeoutsAreRetriedByDefault(int status)
    {
        Assert.Equal(RetryAction.RetryRequest, Decide(status, null, null, 0).Action);
        Assert.Equal(RetryAction.GiveUp, Decide(404, null, null, 0).Action);
    }

    [Fact]
    public void Decide_T1_RetryAfterIgnoredWhenNotRespected()
    {
        var policy = new RetryPolicy(new RetryOptions { RespectRetryAfter = false, BaseDelay = TimeSpan.FromSeconds(1) }, _time);

        var decision = Decide(503, new RetryConditionHeaderValue(TimeSpan.FromHours(1)), null, 0, policy);

        Assert.Equal(new RetryDecision(RetryAction.RetryRequest, TimeSpan.FromSeconds(1), "503"), decision);
    }

    [Fact]
    public void Decide_T1_JitterKeepsTheBackoffBetweenHalfAndOneAndAHalfTimesWithinMaxDelay()
    {
        var policy = new RetryPolicy(new RetryOptions { UseJitter = true, BaseDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(2.5), MaxRetries = 100 }, _time);

        var delays = Enumerable.Range(0, 200).Select(_ => Decide(500, null, null, 0, policy).Delay).ToList();

        Assert.All(delays, delay => Assert.InRange(delay, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2.5)));
        Assert.True(delays.Distinct().Count() > 1, "the backoff was never randomised");
    }

    [Fact]
    public void Validate_T1_NamesTheKeyUnderItsPrefix()
    {
        var options = new RetryOptions { MaxRetries = -1 };

        var error = Assert.Throws<ArgumentException>(() => options.Validate("Scraper:Retry"));

        Assert.Contains("'Scraper:Retry:MaxRetries'", error.Message, StringComparison.Ordinal);
        Assert.Equal("MaxRetries", error.ParamName);
        options.MaxRetries = 1;
        options.StatusCodes.Add(42);
        Assert.Contains("'Scraper:Retry:StatusCodes'", Assert.Throws<ArgumentException>(() => options.Validate("Scraper:Retry")).Message, StringComparison.Ordinal);
    }
}
