using System.Text;
using System.Text.RegularExpressions;
using Scraper.Robots;

namespace Scraper.Tests.Robots;

public sealed class RobotsMatchingTests
{
    private static readonly Uri File = new("https://a.test/robots.txt");

    private static bool Allowed(string robots, string path, string agent = "Scraper") =>
        RobotsParser.Parse(robots, agent, File).IsAllowed(new Uri(File, path));

    // The work one match may do: one pass over the path, plus the pattern's literals compared at its two ends.
    private static long Bound(string path, string pattern) => path.Length + (2L * pattern.Length);

    [Theory]
    [InlineData(12, 41)]
    [InlineData(12, 4096)]
    [InlineData(50, 4096)]
    public void Robots_B1_ManyWildcardsOnALongPathCostOnePass(int stars, int pathLength)
    {
        // The hostile case: every "*a" matches at once, and only the final "b" fails, which a backtracking matcher
        // retries for every way of splitting the a's between the stars.
        var pattern = "/" + string.Concat(Enumerable.Repeat("*a", stars)) + "*b";
        var path = "/" + new string('a', pathLength - 1);
        var rule = new RobotsRule(pattern, allow: false);

        long steps = 0;
        Assert.False(rule.Matches(path, ref steps));
        Assert.InRange(steps, 1, Bound(path, pattern));

        steps = 0;
        Assert.True(rule.Matches(path + "b", ref steps));
        Assert.InRange(steps, 1, Bound(path + "b", pattern));
    }

    [Fact]
    public void Robots_B1_AThousandWildcardRulesOverAThousandPagesStayLinear()
    {
        // 1,000 rules of 3 to 12 wildcards, none of which the pages satisfy until their last literal, checked for
        // 1,000 pages of up to 1 KB: a backtracking matcher takes minutes here. The matcher's own step count is bounded
        // by one pass per rule and page; the time is measured by RobotsMatchBenchmark.
        var robots = new StringBuilder("User-agent: *\n");
        var patterns = new List<string>();
        for (var i = 0; i < 1_000; i++)
        {
            var pattern = "/*" + string.Join("*", Enumerable.Range(0, 3 + (i % 10)).Select(k => (char)('a' + (k % 3)))) + "*z" + i + "$";
            patterns.Add(pattern);
            robots.Append(i % 2 == 0 ? "Disallow: " : "Allow: ").Append(pattern).Append('\n');
        }

        robots.Append("Disallow: /blocked\n");
        var rules = RobotsParser.Parse(robots.ToString(), "Scraper", File);
        long steps = 0;
        long bound = 0;
        var blocked = 0;
        for (var page = 0; page < 1_000; page++)
        {
            var path = (page % 4 == 0 ? "/blocked/" : "/") + string.Concat(Enumerable.Repeat("abc", 1 + (page % 330)));
            blocked += rules.IsAllowed(new Uri(File, path), ref steps) ? 0 : 1;
            bound += patterns.Sum(pattern => Bound(path, pattern)) + Bound(path, "/blocked");
        }

        Assert.Equal(250, blocked);
        Assert.InRange(steps, 1_000, bound);
    }

    [Fact]
    public void Robots_B1_MatchesAsAWildcardRegexWouldOnRandomPatterns()
    {
        // The one-pass matcher against a regular expression that means the same, on patterns and paths drawn from a
        // tiny alphabet so that stars, anchors and overlaps meet often.
        var random = new Random(9309);
        for (var n = 0; n < 2_000; n++)
        {
            var pattern = "/" + Draw(random, "ab*", random.Next(0, 8)) + (random.Next(3) == 0 ? "$" : "");
            var path = "/" + Draw(random, "ab", random.Next(0, 10));
            var regex = "^" + Regex.Escape(pattern.TrimEnd('$')).Replace("\\*", ".*", StringComparison.Ordinal) + (pattern.EndsWith('$') ? "$" : "");
            long steps = 0;
            Assert.True(
                Regex.IsMatch(path, regex, RegexOptions.NonBacktracking) == new RobotsRule(pattern, allow: false).Matches(path, ref steps),
                $"{pattern} on {path}");
            Assert.InRange(steps, 0, Bound(path, pattern));
        }
    }

    private static string Draw(Random random, string alphabet, int length) =>
        new([.. Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)])]);

    [Theory]
    [InlineData("/café")]
    [InlineData("/caf%C3%A9")]
    [InlineData("/caf%c3%a9")]
    public void Robots_B2_PercentEncodedAndRawFormsBlockEachOther(string rule)
    {
        var robots = $"User-agent: *\nDisallow: {rule}\n";

        Assert.False(Allowed(robots, "/café"));
        Assert.False(Allowed(robots, "/caf%C3%A9/menu"));
        Assert.False(Allowed(robots, "/caf%c3%a9"));
        Assert.True(Allowed(robots, "/cafe"));
    }

    [Fact]
    public void Robots_B2_AnEncodedSlashStaysDistinctFromASlash()
    {
        Assert.True(Allowed("User-agent: *\nDisallow: /a%2Fb\n", "/a/b"));
        Assert.False(Allowed("User-agent: *\nDisallow: /a%2fb\n", "/a%2Fb"));
        Assert.True(Allowed("User-agent: *\nDisallow: /a/b\n", "/a%2Fb"));
    }

    [Fact]
    public void Robots_B2_EscapesOfUnreservedCharactersEqualTheCharacters()
    {
        Assert.False(Allowed("User-agent: *\nDisallow: /%7Euser\n", "/~user/x"));
        Assert.False(Allowed("User-agent: *\nDisallow: /~user\n", "/%7euser/x"));
        Assert.False(Allowed("User-agent: *\nDisallow: /a b\n", "/a%20b"));
    }

    [Fact]
    public void Robots_B2_NormalFormIsUpperCaseEscapesOfReservedAndNonAsciiOctets()
    {
        Assert.Equal("/caf%C3%A9/%2F~x%25zz%20%F0%9F%98%80", RobotsPercentEncoding.Normalize("/café/%2f%7Ex%zz \U0001F600"));
        const string normal = "/already/%2F/normal?q=1";
        Assert.Same(normal, RobotsPercentEncoding.Normalize(normal));
    }

    [Theory]
    [InlineData("Scraper")]
    [InlineData("Scraper/1.0")]
    [InlineData("scraper")]
    [InlineData("SCRAPER/2.3 (compatible)")]
    public void Robots_B3_TheGroupIsChosenByProductToken(string groupAgent)
    {
        var robots = $"User-agent: *\nDisallow: /\n\nUser-agent: {groupAgent}\nDisallow: /private\n";

        Assert.True(Allowed(robots, "/public", agent: "Scraper/1.0 (+https://github.com/scraper-dotnet/scraper)"));
        Assert.False(Allowed(robots, "/private", agent: "Scraper/1.0 (+https://github.com/scraper-dotnet/scraper)"));
    }

    [Fact]
    public void Robots_B3_AnotherProductFallsBackToTheStarGroup()
    {
        const string robots = "User-agent: *\nDisallow: /star\n\nUser-agent: ScraperBot\nUser-agent: Scrape\nDisallow: /other\n";

        Assert.False(Allowed(robots, "/star", agent: "Scraper/1.0 (+url)"));
        Assert.True(Allowed(robots, "/other", agent: "Scraper/1.0 (+url)"));
    }

    [Fact]
    public void Robots_B3_GroupsNamingUsAreCombinedAndTheStarGroupIsIgnored()
    {
        const string robots = "User-agent: scraper/1.0\nDisallow: /a\n\nUser-agent: *\nDisallow: /b\n\nUser-agent: Scraper\nDisallow: /c\n";

        Assert.False(Allowed(robots, "/a", agent: "Scraper/1.0 (+url)"));
        Assert.True(Allowed(robots, "/b", agent: "Scraper/1.0 (+url)"));
        Assert.False(Allowed(robots, "/c", agent: "Scraper/1.0 (+url)"));
    }

    [Fact]
    public void Robots_B4_OnlyTheFirst500KiBAreParsed()
    {
        var filler = new StringBuilder("User-agent: *\nDisallow: /early\n");
        while (filler.Length < RobotsParser.MaxBytes - 20)
        {
            filler.Append("# padding padding padding padding padding\n");
        }

        // A line cut by the limit is dropped rather than read as a shorter (broader) rule.
        var text = filler + "Disallow: /cut-in-the-middle-of-this-line\nDisallow: /late\n";
        var bytes = Encoding.UTF8.GetBytes(text);
        foreach (var rules in new[] { RobotsParser.Parse(text, "Scraper", File), RobotsParser.Parse(bytes, "Scraper", File) })
        {
            Assert.False(rules.IsAllowed(new Uri(File, "/early")));
            Assert.True(rules.IsAllowed(new Uri(File, "/late")));
            Assert.True(rules.IsAllowed(new Uri(File, "/cut")));
        }
    }
}
