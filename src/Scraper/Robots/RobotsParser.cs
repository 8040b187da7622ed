using System.Globalization;
using System.Text;

namespace Scraper.Robots;

/// <summary>Parses robots.txt (RFC 9309) for one user agent; lenient about everything it does not understand.</summary>
public static class RobotsParser
{
    /// <summary>The most of a robots.txt that is parsed (RFC 9309 §2.5 asks for at least 500 KiB); the rest is ignored (B4).</summary>
    public const int MaxBytes = 500 * 1024;

    /// <summary>Parses a robots.txt from its bytes (UTF-8, as RFC 9309 says), reading at most <see cref="MaxBytes"/>.</summary>
    /// <param name="body">The file's bytes.</param>
    /// <param name="userAgent">Our user agent, for example <c>Scraper/1.0 (+https://…)</c>, or its product token alone.</param>
    /// <param name="fileUrl">The robots.txt URL, to resolve relative Sitemap lines.</param>
    /// <returns>The rules of the groups that name our product token, else of the <c>*</c> group, else none.</returns>
    public static RobotsRules Parse(ReadOnlyMemory<byte> body, string userAgent, Uri fileUrl)
    {
        var bytes = body.Span;
        bytes = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes[3..] : bytes;
        if (bytes.Length > MaxBytes)
        {
            // Cut at the last line end within the limit: half a line could turn "Allow: /shop/public" into "Allow: /".
            bytes = bytes[..MaxBytes];
            bytes = bytes[..(bytes.LastIndexOf((byte)'\n') + 1)];
        }

        return Parse(Encoding.UTF8.GetString(bytes), userAgent, fileUrl);
    }

    /// <summary>Parses a robots.txt, reading at most its first <see cref="MaxBytes"/> (counted in UTF-8).</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="userAgent">Our user agent, for example <c>Scraper/1.0 (+https://…)</c>, or its product token alone;
    /// <c>*</c> reads the <c>*</c> group only.</param>
    /// <param name="fileUrl">The robots.txt URL, to resolve relative Sitemap lines.</param>
    /// <returns>The rules of the groups that name our product token (B3, combined as RFC 9309 §2.2.1 asks), else of the
    /// <c>*</c> group, else none.</returns>
    public static RobotsRules Parse(string text, string userAgent, Uri fileUrl)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(userAgent);
        ArgumentNullException.ThrowIfNull(fileUrl);

        var token = ProductToken(userAgent);
        var ours = new Group();
        var star = new Group();
        var sitemaps = new List<Uri>();
        var agents = new List<string>();
        var inRules = false;
        foreach (var rawLine in WithinLimit(text).Split('\n'))
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

                    agents.Add(value == "*" ? "*" : ProductToken(value));
                    break;
                case "allow" or "disallow" or "crawl-delay":
                    inRules = true;
                    foreach (var group in GroupsFor(agents, token, ours, star))
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

    /// <summary>Returns the product token of a user agent (B3): <c>Scraper/1.0 (+https://…)</c> gives <c>Scraper</c>.</summary>
    /// <param name="userAgent">A user agent, or a robots.txt User-agent value.</param>
    /// <returns>The leading run of letters, digits, <c>_</c> and <c>-</c> (RFC 9309 §2.2.1); empty when there is none.</returns>
    internal static string ProductToken(string userAgent)
    {
        var value = userAgent.AsSpan().Trim();
        var length = 0;
        while (length < value.Length && (char.IsAsciiLetterOrDigit(value[length]) || value[length] is '_' or '-'))
        {
            length++;
        }

        return value[..length].ToString();
    }

    private static string WithinLimit(string text)
    {
        // Every char is at most 3 UTF-8 bytes (a surrogate pair is 4 for 2 chars), so short texts need no count.
        if (text.Length <= MaxBytes / 3)
        {
            return text;
        }

        var bytes = 0;
        for (var i = 0; i < text.Length; i++)
        {
            bytes += text[i] < 0x80 ? 1 : text[i] < 0x800 || char.IsSurrogate(text[i]) ? 2 : 3;
            if (bytes > MaxBytes)
            {
                return text[..(text.LastIndexOf('\n', i) + 1)];
            }
        }

        return text;
    }

    private static IEnumerable<Group> GroupsFor(List<string> agents, string token, Group ours, Group star)
    {
        if (token.Length > 0 && agents.Any(agent => agent.Equals(token, StringComparison.OrdinalIgnoreCase)))
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
                Rules.Add(new RobotsRule(value, allow: key == "allow"));
            }
        }
    }
}
