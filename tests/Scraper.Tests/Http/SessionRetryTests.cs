using System.Net;
using Scraper.Http;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Scraper.Tests.Http;

public sealed class SessionRetryTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public void Dispose() => _server.Dispose();

    private Session NewSession(Action<SessionOptions>? configure = null, TimeProvider? timeProvider = null)
    {
        var options = new SessionOptions { BaseAddress = new Uri(_server.Url!) };
        options.Retry.BaseDelay = TimeSpan.FromMilliseconds(1);
        options.Retry.UseJitter = false;
        configure?.Invoke(options);
        return new Session(options, logger: null, timeProvider);
    }

    /// <summary>Answers <paramref name="failures"/> times with <paramref name="status"/>, then 200.</summary>
    private void FailThenSucceed(string path, int failures, int status, string? retryAfter = null)
    {
        for (var i = 0; i < failures; i++)
        {
            var response = Response.Create().WithStatusCode(status);
            if (retryAfter is not null)
            {
                response = response.WithHeader("Retry-After", retryAfter);
            }

            var mapping = _server.Given(Request.Create().WithPath(path).UsingAnyMethod()).InScenario(path);
            (i == 0 ? mapping : mapping.WhenStateIs($"failed-{i}")).WillSetStateTo($"failed-{i + 1}").RespondWith(response);
        }

        _server.Given(Request.Create().WithPath(path).UsingAnyMethod()).InScenario(path)
            .WhenStateIs($"failed-{failures}").RespondWith(Response.Create().WithStatusCode(200).WithBody("recovered"));
    }

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(522)]
    [InlineData(524)]
    public async Task Retry_T1_GetIsRetriedOnTransientStatusUntilItSucceeds(int status)
    {
        FailThenSucceed("/flaky", 2, status);
        await using var session = NewSession();

        var response = await session.GetAsync("/flaky");

        Assert.Equal("recovered", response.Text);
        Assert.Equal(3, _server.Requests("/flaky").Count);
    }

    [Fact]
    public async Task Retry_T1_GivesUpAfterMaxAttemptsAndReturnsTheLastAnswer()
    {
        _server.Given(Request.Create().WithPath("/down")).RespondWith(Response.Create().WithStatusCode(503));
        await using var session = NewSession(o => o.Retry.MaxRetries = 2);

        var response = await session.GetAsync("/down");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(3, _server.Requests("/down").Count);
    }

    [Fact]
    public async Task Retry_T1_NotRetriedOn404()
    {
        _server.Given(Request.Create().WithPath("/missing")).RespondWith(Response.Create().WithStatusCode(404));
        await using var session = NewSession();

        await session.GetAsync("/missing");

        Assert.Single(_server.Requests("/missing"));
    }

    [Fact]
    public async Task Retry_T1_PostIsNotRetried()
    {
        FailThenSucceed("/order", 1, 503);
        await using var session = NewSession();

        var response = await session.PostJsonAsync("/order", new { id = 1 });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Single(_server.Requests("/order"));
    }

    [Fact]
    public async Task Retry_T1_PostIsRetriedWhenTheRequestOptsIn()
    {
        FailThenSucceed("/idempotent", 1, 503);
        await using var session = NewSession();

        var response = await session.SendAsync(new SessionRequest(HttpMethod.Post, "/idempotent") { Content = RequestContent.Text("x"), Retry = true });

        Assert.Equal("recovered", response.Text);
        Assert.All(_server.Requests("/idempotent"), e => Assert.Equal("x", e.RequestMessage!.Body));
    }

    [Fact]
    public async Task Retry_T1_GetIsNotRetriedWhenTheRequestOptsOut()
    {
        FailThenSucceed("/once", 1, 503);
        await using var session = NewSession();

        await session.SendAsync(new SessionRequest(HttpMethod.Get, "/once") { Retry = false });

        Assert.Single(_server.Requests("/once"));
    }

    [Fact]
    public async Task Retry_T1_RetryAfterSecondsSetsTheDelay()
    {
        FailThenSucceed("/limited", 1, 429, retryAfter: "7");
        var time = new TimerWatchingTimeProvider();
        var retrying = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var session = NewSession(o => o.Retry.OnRetry = args =>
        {
            retrying.TrySetResult(args.Delay);
            return ValueTask.CompletedTask;
        }, time);

        var pending = session.GetAsync("/limited");
        var delay = await retrying.Task;
        Assert.False(pending.IsCompleted);
        await time.TimerCreated(delay).WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(delay);
        var response = await pending;

        Assert.Equal(TimeSpan.FromSeconds(7), delay);
        Assert.Equal("recovered", response.Text);
    }

    [Fact]
    public async Task Retry_T1_RetryAfterHttpDateSetsTheDelay()
    {
        var now = DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        FailThenSucceed("/dated", 1, 503, retryAfter: now.AddSeconds(20).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        var time = new TimerWatchingTimeProvider(now);
        var retrying = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var session = NewSession(o => o.Retry.OnRetry = args =>
        {
            retrying.TrySetResult(args.Delay);
            return ValueTask.CompletedTask;
        }, time);

        var pending = session.GetAsync("/dated");
        var delay = await retrying.Task;
        await time.TimerCreated(delay).WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(delay);
        await pending;

        Assert.Equal(TimeSpan.FromSeconds(20), delay);
    }

    [Fact]
    public async Task Retry_T1_RetryAfterOverMaxRetryAfterIsNotWaitedAndTheAnswerIsReturned()
    {
        FailThenSucceed("/slow-down", 1, 429, retryAfter: "3600");
        var time = new TimerWatchingTimeProvider();
        var retries = 0;
        await using var session = NewSession(o =>
        {
            o.Retry.MaxRetryAfter = TimeSpan.FromSeconds(40);
            o.Retry.OnRetry = _ =>
            {
                retries++;
                return ValueTask.CompletedTask;
            };
        }, time);

        // The fake clock never moves: a wait for the hour asked for would never end.
        var response = await session.GetAsync("/slow-down").WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(0, retries);
        Assert.Single(_server.Requests("/slow-down"));
    }

    [Fact]
    public async Task Retry_T1_BackoffGrowsExponentiallyWithoutRetryAfter()
    {
        FailThenSucceed("/backoff", 3, 500);
        var delays = new List<TimeSpan>();
        await using var session = NewSession(o =>
        {
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(4);
            o.Retry.OnRetry = args =>
            {
                delays.Add(args.Delay);
                return ValueTask.CompletedTask;
            };
        });

        await session.GetAsync("/backoff");

        Assert.Equal([TimeSpan.FromMilliseconds(4), TimeSpan.FromMilliseconds(8), TimeSpan.FromMilliseconds(16)], delays);
    }

    [Fact]
    public async Task Retry_T1_RefusedConnectionIsRetriedForGet()
    {
        var port = TestPorts.Unused();
        var attempts = 0;
        await using var session = NewSession(o =>
        {
            o.Retry.MaxRetries = 2;
            o.Retry.OnRetry = _ =>
            {
                attempts++;
                return ValueTask.CompletedTask;
            };
        });

        var error = await Assert.ThrowsAsync<SessionConnectionException>(() => session.GetAsync($"http://127.0.0.1:{port}/"));

        Assert.Equal(ConnectionFailure.ConnectionRefused, error.Failure);
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task Retry_T2_RetryStateIsPerHost()
    {
        _server.Given(Request.Create().WithPath("/a")).RespondWith(Response.Create().WithStatusCode(503));
        _server.Given(Request.Create().WithPath("/b")).RespondWith(Response.Create().WithStatusCode(200));
        var retriedHosts = new List<string>();
        await using var session = NewSession(o => o.Retry.OnRetry = args =>
        {
            lock (retriedHosts)
            {
                retriedHosts.Add(args.Url.Host);
            }

            return ValueTask.CompletedTask;
        });

        var failing = session.GetAsync(_server.At("/a").AbsoluteUri);
        var healthy = await session.GetAsync(_server.AtOtherHost("/b").AbsoluteUri);
        await failing;

        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.All(retriedHosts, host => Assert.Equal(_server.At("/").Host, host));
        Assert.Single(_server.Requests("/b"));
    }
}
