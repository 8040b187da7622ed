namespace Scraper.Crawling.Engine;

/// <summary>Keeps a crawl on the spider's allowed domains (subdomains included); no domains means no limit.</summary>
internal sealed class OffsiteFilter
{
    private readonly string[] _domains;

    public OffsiteFilter(IEnumerable<string> allowedDomains)
    {
        // Hosts are compared in their ASCII form, so a domain written in Unicode is converted the same way.
        var idn = new System.Globalization.IdnMapping();
        _domains = [.. allowedDomains.Select(d => d.Trim().TrimStart('.')).Where(d => d.Length > 0).Select(d => idn.GetAscii(d).ToLowerInvariant())];
    }

    /// <summary>Checks a host given in its ASCII (IDN) form.</summary>
    public bool IsAllowed(string host)
    {
        if (_domains.Length == 0)
        {
            return true;
        }

        foreach (var domain in _domains)
        {
            if (DomainNames.IsOnDomain(host, domain))
            {
                return true;
            }
        }

        return false;
    }
}
