using Scraper.Crawling.Scheduling.Storage;

namespace Scraper.Crawling.Scheduling;

/// <summary>
/// What a frontier learns about the run it serves when it is opened: the spider, how to store its requests, and
/// how the run fingerprints them. An in-memory frontier needs none of it; the codec is built on first use only.
/// </summary>
public sealed class FrontierContext
{
    private readonly Action<RequestRegistry>? _configure;
    private readonly bool _fingerprintIncludesSession;
    private RequestCodec? _codec;

    /// <summary>Creates a context.</summary>
    /// <param name="spider">The spider of the run.</param>
    /// <param name="fingerprintIncludesSession">The run's <see cref="CrawlOptions.FingerprintIncludesSession"/>.</param>
    /// <param name="configure">Adds to the spider's registry (the middlewares' stored features); may be null.</param>
    public FrontierContext(Spider spider, bool fingerprintIncludesSession = true, Action<RequestRegistry>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(spider);
        Spider = spider;
        _fingerprintIncludesSession = fingerprintIncludesSession;
        _configure = configure;
    }

    /// <summary>Gets the spider of the run.</summary>
    public Spider Spider { get; }

    /// <summary>Gets the codec of the run's requests: the spider's methods, plus what it and the crawler services name.</summary>
    public RequestCodec Codec => _codec ??= CreateCodec();

    /// <summary>Computes a request's fingerprint the way the run's duplicate filter sees it.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The fingerprint.</returns>
    public RequestFingerprint Fingerprint(Request request) => RequestFingerprint.Compute(request, _fingerprintIncludesSession);

    private RequestCodec CreateCodec()
    {
        var registry = new RequestRegistry(Spider);
        Spider.ConfigureRequests(registry);
        _configure?.Invoke(registry);
        return new RequestCodec(registry);
    }
}
