using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Scraper.Http;

/// <summary>
/// One Polly pipeline per host (semantics T2): a retry strategy around a per-attempt timeout. Whether to retry
/// and how long to wait are the <see cref="RetryPolicy"/>'s answers, the same the crawl's retry middleware gets.
/// Whether a request may be retried and how long an attempt may take travel in the <see cref="ResilienceContext"/>,
/// so one pipeline serves every request to its host.
/// </summary>
internal sealed class RetryPipelines
{
    public static readonly ResiliencePropertyKey<bool> AllowRetryKey = new("Scraper.AllowRetry");
    public static readonly ResiliencePropertyKey<TimeSpan> TimeoutKey = new("Scraper.Timeout");
    public static readonly ResiliencePropertyKey<HttpMethod> MethodKey = new("Scraper.Method");
    public static readonly ResiliencePropertyKey<Uri> UrlKey = new("Scraper.Url");

    private readonly ConcurrentDictionary<string, ResiliencePipeline<AttemptResult>> _byHost = new(StringComparer.OrdinalIgnoreCase);
    private readonly RetryPolicy _policy;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _sessionName;

    public RetryPipelines(RetryOptions options, TimeProvider timeProvider, ILogger logger, string sessionName)
    {
        _policy = new RetryPolicy(options, timeProvider);
        _timeProvider = timeProvider;
        _logger = logger;
        _sessionName = sessionName;
    }

    public ResiliencePipeline<AttemptResult> For(Uri url) => _byHost.GetOrAdd(url.Authority, _ => Build());

    private ResiliencePipeline<AttemptResult> Build()
    {
        var builder = new ResiliencePipelineBuilder<AttemptResult> { TimeProvider = _timeProvider };
        if (_policy.Options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<AttemptResult>
            {
                MaxRetryAttempts = _policy.Options.MaxRetries,
                ShouldHandle = args => ValueTask.FromResult(Decide(args.Context, args.Outcome, args.AttemptNumber).Retries),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Decide(args.Context, args.Outcome, args.AttemptNumber).Delay),
                OnRetry = OnRetryAsync,
            });
        }

        builder.AddTimeout(new TimeoutStrategyOptions
        {
            TimeoutGenerator = static args => ValueTask.FromResult(args.Context.Properties.GetValue(TimeoutKey, Timeout.InfiniteTimeSpan)),
        });
        return builder.Build();
    }

    private RetryDecision Decide(ResilienceContext context, Outcome<AttemptResult> outcome, int attempt)
    {
        var message = outcome.Result?.Message;
        var decision = _policy.Decide(
            context.Properties.GetValue(AllowRetryKey, false), (int?)message?.StatusCode, message?.Headers.RetryAfter, outcome.Exception, attempt);
        if (decision.Action == RetryAction.DropRetryAfterTooLong)
        {
            SessionLog.RetryAfterTooLong(_logger, _sessionName, UrlRedaction.Redact(context.Properties.GetValue(UrlKey, null!)),
                decision.Delay.TotalSeconds, _policy.Options.MaxRetryAfter.TotalSeconds);
        }

        return decision;
    }

    private async ValueTask OnRetryAsync(OnRetryArguments<AttemptResult> args)
    {
        var url = args.Context.Properties.GetValue(UrlKey, null!);
        var method = args.Context.Properties.GetValue(MethodKey, HttpMethod.Get);
        var status = args.Outcome.Result is { } result ? (int?)result.Message.StatusCode : null;
        var outcomeText = status is { } code ? code.ToString(System.Globalization.CultureInfo.InvariantCulture) : args.Outcome.Exception?.GetType().Name ?? "error";
        SessionLog.Retry(_logger, _sessionName, args.AttemptNumber + 1, method, UrlRedaction.Redact(url), args.RetryDelay.TotalMilliseconds, outcomeText);
        await _policy.NotifyAsync(url, args.AttemptNumber, args.RetryDelay, status, args.Outcome.Exception).ConfigureAwait(false);
    }
}
