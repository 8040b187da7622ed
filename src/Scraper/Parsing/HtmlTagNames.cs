using System.Collections.Frozen;

namespace Scraper.Parsing;

/// <summary>
/// The element names <see cref="HtmlDepthLimiter"/> knows, by how they nest: ids 0 and up for the common elements
/// that nest (svg and math first), and negative ids for those the depth count ignores or reads as text.
/// </summary>
internal static class HtmlTagNames
{
    /// <summary>The id of an element that never nests (void, self-closing its kind, html/head/body).</summary>
    public const int Leaf = -1;

    /// <summary>The id of an element whose content is text up to its end tag (script, style, textarea …).</summary>
    public const int RawText = -2;

    /// <summary>The id of plaintext, whose content is text to the end of the page.</summary>
    public const int Plaintext = -3;

    // Elements that never hold nested elements of their own kind: void elements, those whose start tag closes an open
    // one of their kind (li, p, a, option, heading, table parts …), and the document's own html/head/body.
    private static readonly string[] Leaves =
    [
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img", "input", "keygen", "link",
        "meta", "param", "source", "track", "wbr", "html", "head", "body", "frameset", "a", "p", "li", "dt", "dd", "option",
        "optgroup", "select", "button", "form", "nobr", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "thead", "tbody",
        "tfoot", "caption", "colgroup", "rb", "rt", "rp", "rtc",
    ];

    private static readonly string[] RawTexts = ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"];

    // Common elements that nest, given ids up front so that most tags cost one lookup; svg and math come first
    // (ids 0 and 1): inside them "<x/>" closes itself.
    public static readonly string[] Nesting =
    [
        "svg", "math", "div", "span", "ul", "ol", "dl", "table", "section", "article", "nav", "header", "footer", "main",
        "aside", "b", "i", "u", "s", "em", "strong", "small", "big", "font", "center", "blockquote", "pre", "code", "label",
        "fieldset", "legend", "figure", "figcaption", "picture", "video", "audio", "object", "template", "noscript", "g",
        "details", "summary", "dialog", "sup", "sub", "abbr", "cite", "q", "mark", "time", "address", "menu", "canvas",
    ];

    // Every known name to its id, looked up by the span of the tag's name (no string made per tag).
    public static readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> KnownIds =
        Nesting.Select((name, id) => (Name: name, Id: id)).Concat(Leaves.Select(name => (Name: name, Id: Leaf)))
            .Concat(RawTexts.Select(name => (Name: name, Id: RawText))).Append((Name: "plaintext", Id: Plaintext))
            .ToFrozenDictionary(entry => entry.Name, entry => entry.Id, StringComparer.OrdinalIgnoreCase)
            .GetAlternateLookup<ReadOnlySpan<char>>();
}
