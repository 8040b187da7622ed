using System.Globalization;
using System.Reflection;

namespace Scraper.Http.Cookies;

/// <summary>
/// The Public Suffix List (publicsuffix.org, embedded; MPL-2.0), so a site cannot set a cookie for <c>co.uk</c> or
/// <c>github.io</c> and have it sent to every other site under it (semantics C9). Loaded once, on first use, into
/// immutable sets.
/// </summary>
internal sealed class PublicSuffixList
{
    private static readonly Lazy<PublicSuffixList> Embedded = new(LoadEmbedded);

    private readonly HashSet<string> _rules = new(StringComparer.Ordinal);
    private readonly HashSet<string> _wildcards = new(StringComparer.Ordinal);
    private readonly HashSet<string> _exceptions = new(StringComparer.Ordinal);

    private PublicSuffixList(TextReader reader)
    {
        var idn = new IdnMapping();
        while (reader.ReadLine() is { } line)
        {
            var rule = line.Trim();
            if (rule.Length == 0 || rule.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            rule = ToAscii(idn, rule);
            if (rule.StartsWith('!'))
            {
                _exceptions.Add(rule[1..]);
            }
            else if (rule.StartsWith("*.", StringComparison.Ordinal))
            {
                _wildcards.Add(rule[2..]);
            }
            else
            {
                _rules.Add(rule);
            }
        }
    }

    public static PublicSuffixList Instance => Embedded.Value;

    /// <summary>Whether a (lower-case, ASCII) domain is a public suffix; an unlisted single label is one too (the implicit <c>*</c> rule).</summary>
    public bool IsPublicSuffix(string domain)
    {
        if (_exceptions.Contains(domain))
        {
            return false;
        }

        if (_rules.Contains(domain))
        {
            return true;
        }

        var dot = domain.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 || _wildcards.Contains(domain[(dot + 1)..]);
    }

    internal static PublicSuffixList Parse(string text)
    {
        using var reader = new StringReader(text);
        return new PublicSuffixList(reader);
    }

    private static PublicSuffixList LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Scraper.Http.Cookies.public_suffix_list.dat")
            ?? throw new InvalidOperationException("The embedded public suffix list is missing.");
        using var reader = new StreamReader(stream);
        return new PublicSuffixList(reader);
    }

    private static string ToAscii(IdnMapping idn, string rule)
    {
        var prefix = rule.StartsWith('!') ? "!" : rule.StartsWith("*.", StringComparison.Ordinal) ? "*." : string.Empty;
        var name = rule[prefix.Length..];
        if (name.All(char.IsAscii))
        {
            return prefix + name.ToLowerInvariant();
        }

        try
        {
            return prefix + idn.GetAscii(name);
        }
        catch (ArgumentException)
        {
            return prefix + name;
        }
    }
}
