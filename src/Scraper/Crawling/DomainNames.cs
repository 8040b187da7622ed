namespace Scraper.Crawling;

/// <summary>The one rule for "this host is on that domain", shared by the offsite filter and link extractors.</summary>
internal static class DomainNames
{
    /// <summary>Returns whether a host is the domain or one of its subdomains (case-insensitive).</summary>
    /// <param name="host">The host.</param>
    /// <param name="domain">The domain, without a leading dot.</param>
    /// <returns>True for <c>shop.test</c> and <c>www.shop.test</c> on <c>shop.test</c>, false for <c>myshop.test</c>.</returns>
    public static bool IsOnDomain(string host, string domain) =>
        host.Equals(domain, StringComparison.OrdinalIgnoreCase)
        || (host.Length > domain.Length && host.EndsWith(domain, StringComparison.OrdinalIgnoreCase) && host[^(domain.Length + 1)] == '.');
}
