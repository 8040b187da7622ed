using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Scraper.Http;

/// <summary>
/// One Polly pipeline per host (semantics T2): a retry strategy around a per-attempt timeout. Whether a request may
/// be retried and how long an attempt may take travel in the <see cref="ResilienceContext"/>, so one pipeline
/// serves every request to its host.
/// </summary>
internal sealed class RetryPipelines
{
    public static readonly ResiliencePropertyKey<bool> AllowRetryKey = new("Scraper.AllowRetry");
    public static readonly ResiliencePropertyKey<TimeSpan> TimeoutKey = new("Scraper.Timeout");
    public static readonly ResiliencePropertyKey<HttpMethod> MethodKey = new("Scraper.Method");
    public static readonly ResiliencePropertyKey<Uri> UrlKey = new("Scraper.Url");

    private readonly ConcurrentDictionary<string, ResiliencePipeline<AttemptResult>> _byHost = new(StringComparer.OrdinalIgnoreCase);
    private readonly SessionRetryOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _sessionName;

    public RetryPipelines(SessionRetryOptions options, TimeProvider timeProvider, ILogger logger, string sessionName)
    {
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _sessionName = sessionName;
    }

    public ResiliencePipeline<AttemptResult> For(Uri url) => _byHost.GetOrAdd(url.Authority, _ => Build());

    /// <summary>Whether a failure is worth another attempt: a retryable status, a timeout, a dropped connection.</summary>
    public bool IsTransient(Outcome<AttemptResult> outcome) => outcome switch
    {
        { Result: { } result } => _options.StatusCodes.Contains((int)result.Message.StatusCode),
        { Exception: TimeoutRejectedException } => true,
        { Exception: SessionConnectionException { Failure: not (ConnectionFailure.Tls or ConnectionFailure.NameResolution) } } => true,
        // A body cut short by the connection (N8) is as transient as a reset; corrupt compressed data is not.
        { Exception: ContentDecodingException { IsTransient: true } } => true,
        _ => false,
    };

    private ResiliencePipeline<AttemptResult> Build()
    {
        var builder = new ResiliencePipelineBuilder<AttemptResult> { TimeProvider = _timeProvider };
        if (_options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<AttemptResult>
            {
                MaxRetryAttempts = _options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = _options.UseJitter,
                Delay = _options.BaseDelay,
                MaxDelay = _options.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(args.Context.Properties.GetValue(AllowRetryKey, false) && IsTransient(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfterDelay(args.Outcome)),
                OnRetry = OnRetryAsync,
            });
        }

        builder.AddTimeout(new TimeoutStrategyOptions
        {
            TimeoutGenerator = static args => ValueTask.FromResult(args.Context.Properties.GetValue(TimeoutKey, Timeout.InfiniteTimeSpan)),
        });
        return builder.Build();
    }

    /// <summary>The Retry-After of a 429/503 (seconds or an HTTP date), capped at the maximum delay (T1).</summary>
    private TimeSpan? RetryAfterDelay(Outcome<AttemptResult> outcome)
    {
        if (!_options.RespectRetryAfter || outcome.Result?.Message.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        var delay = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - _timeProvider.GetUtcNow() : null);
        if (delay is not { } value)
        {
            return null;
        }

        return value < TimeSpan.Zero ? TimeSpan.Zero : value > _options.MaxDelay ? _options.MaxDelay : value;
    }

    private async ValueTask OnRetryAsync(OnRetryArguments<AttemptResult> args)
    {
        var url = args.Context.Properties.GetValue(UrlKey, null!);
        var method = args.Context.Properties.GetValue(MethodKey, HttpMethod.Get);
        var status = args.Outcome.Result is { } result ? (int?)result.Message.StatusCode : null;
        var outcomeText = status is { } code ? code.ToString(System.Globalization.CultureInfo.InvariantCulture) : args.Outcome.Exception?.GetType().Name ?? "error";
        SessionLog.Retry(_logger, _sessionName, args.AttemptNumber + 1, method, UrlRedaction.Redact(url), args.RetryDelay.TotalMilliseconds, outcomeText);
        if (_options.OnRetry is { } callback )
        {
            await callback(new RetryArguments(url, args.AttemptNumber, args.RetryDelay, status, args.Outcome.Exception)).ConfigureAwait(false);
        }
    }
}
