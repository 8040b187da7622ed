using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Scraper.Crawling.Scheduling;
using Scraper.Http;

namespace Scraper.Crawling.Downloading.HttpCache;

/// <summary>
/// The HTTP cache (Scrapy's HttpCacheMiddleware), for development and replay: a request whose answer is stored
/// and fresh is answered from the store without calling <c>next</c>, so it skips robots.txt and the politeness
/// slot below it; any other goes to the site and its answer is stored when the policy allows. Sits at
/// <see cref="DownloadMiddlewareOrder.HttpCache"/>, below redirects, so each redirect hop is an entry of its own.
/// A store that fails is logged and the crawl goes on uncached; counters are in <see cref="HttpCacheStats"/>.
/// </summary>
public sealed class HttpCacheMiddleware : IDownloadMiddleware
{
    /// <summary>The folder used when <see cref="HttpCacheOptions.Directory"/> is not set and no host chose one.</summary>
    public const string DefaultDirectory = ".scraper/httpcache";

    private readonly HttpCacheOptions _options;
    private readonly IHttpCacheStore _store;
    private readonly IHttpCachePolicy _policy;
    private readonly ILogger _logger;

    /// <summary>Creates the cache.</summary>
    /// <param name="options">The settings (validated here; <see cref="HttpCacheOptions.Enabled"/> is for hosts, which add the middleware only when it is set).</param>
    /// <param name="store">Where entries are kept; a <see cref="FileSystemHttpCacheStore"/> in <see cref="HttpCacheOptions.Directory"/> when null.</param>
    /// <param name="loggerFactory">Logs failures of the store and damaged entries; none when null.</param>
    /// <exception cref="ArgumentException">A setting is invalid; the message names its key.</exception>
    public HttpCacheMiddleware(HttpCacheOptions options, IHttpCacheStore? store = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        loggerFactory ??= NullLoggerFactory.Instance;
        _options = options;
        _store = store ?? new FileSystemHttpCacheStore(options.Directory ?? DefaultDirectory, loggerFactory.CreateLogger<FileSystemHttpCacheStore>());
        _policy = options.Policy == HttpCachePolicy.Rfc9111 ? new Rfc9111CachePolicy() : new DummyCachePolicy();
        _logger = loggerFactory.CreateLogger<HttpCacheMiddleware>();
    }

    /// <inheritdoc/>
    public int Order => DownloadMiddlewareOrder.HttpCache;

    /// <inheritdoc/>
    public async ValueTask<Response> InvokeAsync(Request request, DownloadContext context, DownloadDelegate next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var session = context.Session;
        if (!_policy.MayCacheRequest(request, session))
        {
            context.Stats.Count(HttpCacheStats.Uncacheable);
            return await next(request, context, cancellationToken).ConfigureAwait(false);
        }

        var fingerprint = RequestFingerprint.Compute(request);
        var entry = await LoadAsync(request, context, fingerprint, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            context.Stats.Count(HttpCacheStats.Miss);
            var response = await next(request, context, cancellationToken).ConfigureAwait(false);
            await StoreAsync(request, response, context, fingerprint, cancellationToken).ConfigureAwait(false);
            return response;
        }

        if (_policy.IsFresh(entry, request, session, context.TimeProvider.GetUtcNow()))
        {
            context.Stats.Count(HttpCacheStats.Hit);
            return CachedResponses.ToResponse(entry, request, session);
        }

        return await RevalidateAsync(request, entry, context, fingerprint, next, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Response> RevalidateAsync(Request request, HttpCacheEntry entry, DownloadContext context, RequestFingerprint fingerprint, DownloadDelegate next, CancellationToken cancellationToken)
    {
        var conditional = _policy.Revalidation(request, entry);
        var response = await next(conditional, context, cancellationToken).ConfigureAwait(false);
        if (response.Status == System.Net.HttpStatusCode.NotModified && !ReferenceEquals(conditional, request))
        {
            context.Stats.Count(HttpCacheStats.Revalidate);
            var refreshed = CachedResponses.Refresh(entry, response, context.TimeProvider.GetUtcNow());
            await SaveAsync(request, refreshed, context, fingerprint, cancellationToken).ConfigureAwait(false);
            return CachedResponses.ToResponse(refreshed, request, context.Session);
        }

        if (_policy.ServeStaleInsteadOf(response, entry))
        {
            context.Stats.Count(HttpCacheStats.StaleOnError);
            return CachedResponses.ToResponse(entry, request, context.Session);
        }

        context.Stats.Count(HttpCacheStats.Invalidate);
        var answer = response.Request == request ? response : new Response(request, response.Inner);
        await StoreAsync(request, answer, context, fingerprint, cancellationToken).ConfigureAwait(false);
        return answer;
    }

    private async ValueTask<HttpCacheEntry?> LoadAsync(Request request, DownloadContext context, RequestFingerprint fingerprint, CancellationToken cancellationToken)
    {
        HttpCacheEntry? entry;
        try
        {
            entry = await _store.LoadAsync(context.Spider.Name, fingerprint, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            HttpCacheLog.LoadFailed(_logger, UrlRedaction.Redact(request.Url), ex);
            return null;
        }

        // An entry too old by the options, for another method (a fingerprint collision across methods cannot
        // happen, but a store may be shared), or for other Vary headers is no answer to this request.
        var tooOld = _options.Expiration > TimeSpan.Zero && context.TimeProvider.GetUtcNow() - entry?.StoredAt >= _options.Expiration;
        return entry is null || tooOld || !string.Equals(entry.Method, request.Method.Method, StringComparison.OrdinalIgnoreCase)
            || !_policy.Matches(entry, request, context.Session)
            ? null
            : entry;
    }

    private async ValueTask StoreAsync(Request request, Response response, DownloadContext context, RequestFingerprint fingerprint, CancellationToken cancellationToken)
    {
        var candidate = CachedResponses.ToEntry(request, response, context.TimeProvider.GetUtcNow());
        if (!_options.MayStore((int)response.Status) || !_policy.MayStore(candidate))
        {
            context.Stats.Count(HttpCacheStats.Uncacheable);
            return;
        }

        candidate = candidate with { VaryHeaders = _policy.VaryHeaders(candidate, request, context.Session) };
        await SaveAsync(request, candidate, context, fingerprint, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask SaveAsync(Request request, HttpCacheEntry entry, DownloadContext context, RequestFingerprint fingerprint, CancellationToken cancellationToken)
    {
        try
        {
            await _store.StoreAsync(context.Spider.Name, fingerprint, entry, cancellationToken).ConfigureAwait(false);
            context.Stats.Count(HttpCacheStats.Store);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            HttpCacheLog.StoreFailed(_logger, UrlRedaction.Redact(request.Url), ex);
        }
    }
}
