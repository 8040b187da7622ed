using BenchmarkDotNet.Attributes;
using Scraper.Robots;

namespace Scraper.Benchmarks;

/// <summary>
/// B1's worst case: a rule of many <c>*a</c> that only fails at its final literal, on a long path of a's (a
/// backtracking matcher tries every split of the a's between the stars: 12 stars on 41 characters took 34 s).
/// </summary>
[MemoryDiagnoser]
public class RobotsMatchBenchmark
{
    private RobotsRules _rules = RobotsRules.AllowAll;
    private Uri _page = new("https://a.test/");

    [Params(12, 50)]
    public int Stars { get; set; }

    [Params(1024, 4096)]
    public int PathLength { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var pattern = "/" + string.Concat(Enumerable.Repeat("*a", Stars)) + "*b";
        _rules = RobotsParser.Parse($"User-agent: *\nDisallow: {pattern}\n", "Scraper", new Uri("https://a.test/robots.txt"));
        _page = new Uri("https://a.test/" + new string('a', PathLength - 1));
    }

    /// <summary>One robots check of one page: the path's normal form and the match against the hostile rule.</summary>
    [Benchmark]
    public bool IsAllowed() => _rules.IsAllowed(_page);
}
