namespace Scraper.Hosting;

/// <summary>A registered spider type (one registration per <c>AddSpider&lt;T&gt;()</c>).</summary>
internal sealed record SpiderType(Type Type);
