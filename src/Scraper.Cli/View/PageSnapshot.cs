using System.Net;
using System.Text.RegularExpressions;
using Scraper.Crawling;

namespace Scraper.Cli.View;

/// <summary>
/// The page as the crawler saw it, made to render from a file: the text the session decoded, saved as UTF-8 with a
/// <c>&lt;meta charset&gt;</c> saying so and a <c>&lt;base href&gt;</c> of the page's own base URL first in the head,
/// so its relative links, styles and images still point at the site.
/// </summary>
internal static partial class PageSnapshot
{
    /// <summary>Returns the HTML to save.</summary>
    /// <param name="page">The page.</param>
    /// <returns>The page's decoded text with the two elements added.</returns>
    public static string Render(Response page)
    {
        // The first <base href> and the first <meta charset> win in a browser, so ours go before the page's own.
        var baseUrl = page.IsHtml ? page.Document.BaseUri : page.Url.AbsoluteUri;
        var added = $"<meta charset=\"utf-8\"><base href=\"{WebUtility.HtmlEncode(baseUrl)}\">";
        var html = page.Text;
        var head = HeadTag().Match(html);
        return head.Success ? html.Insert(head.Index + head.Length, added) : added + html;
    }

    [GeneratedRegex(@"<head(\s[^>]*)?>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex HeadTag();
}
