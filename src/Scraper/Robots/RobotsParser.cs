using System.Globalization;

namespace Scraper.Robots;

/// <summary>Parses robots.txt (RFC 9309) for one user agent; lenient about everything it does not understand.</summary>
public static class RobotsParser
{
    /// <summary>Parses a robots.txt.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="userAgent">Our product token, for example <c>Scraper</c> (matched case-insensitively).</param>
    /// <param name="fileUrl">The robots.txt URL, to resolve relative Sitemap lines.</param>
    /// <returns>The rules of the group that matches us, else of the <c>*</c> group, else none.</returns>
    public static RobotsRules Parse(string text, string userAgent, Uri fileUrl)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(userAgent);
        ArgumentNullException.ThrowIfNull(fileUrl);

        var ours = new Group();
        var star = new Group();
        var sitemaps = new List<Uri>();
        var agents = new List<string>();
        var inRules = false;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Split('#', 2)[0].Trim();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "user-agent":
                    // A user-agent line after rules starts a new group; consecutive ones share a group.
                    if (inRules)
                    {
                        agents.Clear();
                        inRules = false;
                    }

                    agents.Add(value);
                    break;
                case "allow" or "disallow" or "crawl-delay":
                    inRules = true;
                    foreach (var group in GroupsFor(agents, userAgent, ours, star))
                    {
                        group.Add(key, value);
                    }

                    break;
                case "sitemap" when Uri.TryCreate(fileUrl, value, out var sitemap):
                    sitemaps.Add(sitemap);
                    break;
            }
        }

        var chosen = ours.Seen ? ours : star;
        return new RobotsRules(chosen.Rules, chosen.CrawlDelay, sitemaps);
    }

    private static IEnumerable<Group> GroupsFor(List<string> agents, string userAgent, Group ours, Group star)
    {
        if (agents.Any(agent => agent.Equals(userAgent, StringComparison.OrdinalIgnoreCase)))
        {
            ours.Seen = true;
            yield return ours;
        }

        if (agents.Contains("*"))
        {
            star.Seen = true;
            yield return star;
        }
    }

    private sealed class Group
    {
        public List<RobotsRule> Rules { get; } = [];

        public TimeSpan? CrawlDelay { get; private set; }

        public bool Seen { get; set; }

        public void Add(string key, string value)
        {
            if (key == "crawl-delay")
            {
                if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
                {
                    CrawlDelay = TimeSpan.FromSeconds(Math.Min(seconds, 3600));
                }

                return;
            }

            // An empty Disallow allows everything: it adds no rule.
            if (value.Length > 0)
            {
                Rules.Add(new RobotsRule(value, Allow: key == "allow"));
            }
        }
    }
}
