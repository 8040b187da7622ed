namespace Scraper.Crawling.Contracts;

/// <summary>How one contracted callback did on its sample page.</summary>
/// <param name="Callback">The callback's method name.</param>
/// <param name="Url">The sample URL fetched.</param>
/// <param name="Items">The items it yielded.</param>
/// <param name="Requests">The requests it yielded.</param>
/// <param name="Failures">What did not match; empty when it passed.</param>
public sealed record ContractResult(string Callback, Uri Url, int Items, int Requests, IReadOnlyList<string> Failures)
{
    /// <summary>Gets a value indicating whether every expectation was met.</summary>
    public bool Passed => Failures.Count == 0;

    /// <summary>Returns one line: pass or fail, the callback, the counts and what failed.</summary>
    /// <returns>For example <c>FAIL ParseProduct /product/1: 0 items, 0 requests; expected 1 items, got 0</c>.</returns>
    public override string ToString() =>
        $"{(Passed ? "PASS" : "FAIL")} {Callback} {Url}: {Items} items, {Requests} requests{(Passed ? string.Empty : "; " + string.Join("; ", Failures))}";
}
