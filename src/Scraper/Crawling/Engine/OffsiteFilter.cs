namespace Scraper.Crawling.Engine;

/// <summary>Keeps a crawl on the spider's allowed domains (subdomains included); no domains means no limit.</summary>
internal sealed class OffsiteFilter
{
    private readonly string[] _domains;

    public OffsiteFilter(IEnumerable<string> allowedDomains)
    {
        _domains = [.. allowedDomains.Select(d => d.Trim().TrimStart('.').ToLowerInvariant()).Where(d => d.Length > 0)];
    }

    public bool IsAllowed(Uri url)
    {
        if (_domains.Length == 0)
        {
            return true;
        }

        var host = url.IdnHost;
        foreach (var domain in _domains)
        {
            if (host.Equals(domain, StringComparison.OrdinalIgnoreCase)
                || (host.Length > domain.Length && host.EndsWith(domain, StringComparison.OrdinalIgnoreCase) && host[^(domain.Length + 1)] == '.'))
            {
                return true;
            }
        }

        return false;
    }
}
