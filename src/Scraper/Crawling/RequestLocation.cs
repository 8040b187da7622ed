using Scraper.Crawling.Scheduling;

namespace Scraper.Crawling;

/// <summary>
/// A request's URL, kept as its canonical text when a link gave it in a simple form, and parsed into a
/// <see cref="Uri"/> only when something needs one. Most links a page yields are duplicates, dropped by their
/// fingerprint (which needs only the canonical text and the host): building a <see cref="Uri"/> and asking it for
/// its canonical components cost most of a link's scheduling time (measured in the crawl benchmark).
/// </summary>
internal sealed class RequestLocation : IEquatable<RequestLocation>
{
    private Uri? _uri;
    private string? _canonical;
    private string? _host;

    public RequestLocation(Uri uri)
    {
        _uri = uri;
    }

    /// <summary>A location known by its canonical text, which is also the URL to request.</summary>
    /// <param name="canonical">The absolute URL, already canonical (see <see cref="CanonicalUrl"/>).</param>
    /// <param name="host">Its host, in its ASCII (IDN) form.</param>
    public RequestLocation(string canonical, string host)
    {
        _canonical = canonical;
        _host = host;
    }

    // Races only build the same immutable value twice.
    public Uri Uri => _uri ??= new Uri(_canonical!, UriKind.Absolute);

    public string Canonical => _canonical ??= CanonicalUrl.Of(Uri);

    public string Host => _host ??= Uri.IdnHost;

    public bool Equals(RequestLocation? other) => other is not null && (ReferenceEquals(this, other) || Uri.Equals(other.Uri));

    public override bool Equals(object? obj) => Equals(obj as RequestLocation);

    public override int GetHashCode() => Uri.GetHashCode();

    public override string ToString() => _canonical ?? _uri!.ToString();
}
