using System.Buffers;
using System.Collections.Frozen;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace Scraper.Parsing;

/// <summary>
/// Caps how deep elements nest before AngleSharp sees a page, as browsers cap their trees (Chromium's parser at 512):
/// AngleSharp's tree builder scans its stack of open elements for every start tag, so a page nested 100,000 deep
/// costs it quadratic time (45 s). One pass over the text tracks the elements that can nest (a stack of names, closed
/// by their end tags as the HTML tree builder closes them, ignoring void, raw-text and self-closing elements) and
/// drops the start tags that would open an element beyond the cap, with their end tags. Their content stays, one
/// level up. The count is a close approximation of the tree's depth, never far below it: an element it ignores
/// (li, p, td, a …) closes its own kind, so it can at most double the depth between two counted ones.
/// </summary>
internal static class HtmlDepthLimiter
{
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
    private static readonly string[] Nesting =
    [
        "svg", "math", "div", "span", "ul", "ol", "dl", "table", "section", "article", "nav", "header", "footer", "main",
        "aside", "b", "i", "u", "s", "em", "strong", "small", "big", "font", "center", "blockquote", "pre", "code", "label",
        "fieldset", "legend", "figure", "figcaption", "picture", "video", "audio", "object", "template", "noscript", "g",
        "details", "summary", "dialog", "sup", "sub", "abbr", "cite", "q", "mark", "time", "address", "menu", "canvas",
    ];

    private static readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> KnownIds =
        Nesting.Select((name, id) => (Name: name, Id: id)).Concat(Leaves.Select(name => (Name: name, Id: Leaf)))
            .Concat(RawTexts.Select(name => (Name: name, Id: RawText))).Append((Name: "plaintext", Id: Plaintext))
            .ToFrozenDictionary(entry => entry.Name, entry => entry.Id, StringComparer.OrdinalIgnoreCase)
            .GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly SearchValues<char> NameEnd = SearchValues.Create(" \t\n\f\r/>");

    private const int Leaf = -1;
    private const int RawText = -2;
    private const int Plaintext = -3;

    /// <summary>Returns the page with no element nested deeper than <paramref name="maxDepth"/>.</summary>
    /// <param name="html">The page.</param>
    /// <param name="maxDepth">The deepest nesting kept.</param>
    /// <param name="droppedTags">The number of start tags dropped; 0 when the page is returned as it was.</param>
    /// <returns>The same string when nothing was dropped, else the page without the dropped tags.</returns>
    public static string Limit(string html, int maxDepth, out int droppedTags)
    {
        droppedTags = 0;

        // No page with fewer tags than the cap can nest deeper than it: most pages end here, at one vectorised count.
        return CountOf('<', html) > maxDepth ? new Scan(html, maxDepth).Run(out droppedTags) : html;
    }

    // MemoryExtensions.Count, without its cost in a native AOT build, where its 16-bit path calls a software
    // ExtractMostSignificantBits per 8 chars (3% of a crawl's instructions under callgrind, the benchmark site): each
    // lane counts its own matches (an equal lane is all ones, so subtracting it adds one), summed once per block.
    private static int CountOf(char value, string text)
    {
        var chars = MemoryMarshal.Cast<char, ushort>(text.AsSpan());
        var vectors = Vector.IsHardwareAccelerated ? MemoryMarshal.Cast<ushort, Vector<ushort>>(chars) : [];
        var wanted = new Vector<ushort>(value);
        var count = 0;
        for (var block = 0; block < vectors.Length; block += ushort.MaxValue)
        {
            var lanes = Vector<ushort>.Zero;
            foreach (var vector in vectors[block..Math.Min(vectors.Length, block + ushort.MaxValue)])
            {
                lanes -= Vector.Equals(vector, wanted);
            }

            Vector.Widen(lanes, out var low, out var high);
            count += (int)(Vector.Sum(low) + Vector.Sum(high));
        }

        foreach (var c in chars[(vectors.Length * Vector<ushort>.Count)..])
        {
            count += c == value ? 1 : 0;
        }

        return count;
    }

    private sealed class Scan(string html, int maxDepth)
    {
        // The open elements as name ids; one at index maxDepth or beyond is one whose tags are dropped.
        private readonly List<int> _open = [];

        // How many elements of each name are open (known names first, then the others as met), so that an end tag
        // closing nothing costs no scan of the stack.
        private readonly List<int> _openCount = [.. new int[Nesting.Length]];
        private readonly Dictionary<string, int> _otherIds = new(StringComparer.OrdinalIgnoreCase);
        private StringBuilder? _output;
        private int _copiedUpTo;
        private int _dropped;

        private bool InForeign => _openCount[0] + _openCount[1] > 0;

        public string Run(out int droppedTags)
        {
            var text = html.AsSpan();
            var i = 0;
            while (i < text.Length)
            {
                var lt = text[i..].IndexOf('<');
                if (lt < 0)
                {
                    break;
                }

                i += lt;
                i = Markup(i);
            }

            droppedTags = _dropped;
            if (_output is null)
            {
                return html;
            }

            _output.Append(html, _copiedUpTo, html.Length - _copiedUpTo);
            return _output.ToString();
        }

        // Reads the markup at a '<' and returns where the text after it starts.
        private int Markup(int lt)
        {
            var text = html.AsSpan();
            var rest = text[(lt + 1)..];
            if (rest is ['!', ..])
            {
                return Declaration(lt);
            }

            var isEnd = rest is ['/', ..];
            var nameStart = lt + (isEnd ? 2 : 1);
            if (nameStart >= text.Length || !char.IsAsciiLetter(text[nameStart]))
            {
                // "<?xml", "</ …" are bogus comments up to '>'; a '<' before anything else is text.
                var bogus = rest is ['?', ..] || isEnd;
                var gt = text[lt..].IndexOf('>');
                return !bogus ? lt + 1 : gt < 0 ? text.Length : lt + gt + 1;
            }

            var nameLength = text[nameStart..].IndexOfAny(NameEnd);
            nameLength = nameLength < 0 ? text.Length - nameStart : nameLength;
            var name = text.Slice(nameStart, nameLength);
            var tagEnd = TagEnd(nameStart + nameLength);
            if (tagEnd < 0)
            {
                return text.Length;
            }

            var id = Id(name, create: !isEnd);
            if (isEnd)
            {
                if (id >= 0)
                {
                    Close(id, lt, tagEnd);
                }

                return tagEnd;
            }

            return id switch
            {
                RawText => RawTextEnd(name, tagEnd),
                Plaintext => text.Length,
                Leaf => tagEnd,
                _ when text[tagEnd - 2] == '/' && (id <= 1 || InForeign) => tagEnd,
                _ => Open(id, lt, tagEnd),
            };
        }

        // A comment, a CDATA section in SVG or MathML, or a doctype or other bogus comment, which ends at the first '>'.
        private int Declaration(int lt)
        {
            var text = html.AsSpan();
            var rest = text[(lt + 1)..];
            if (rest.StartsWith("!--"))
            {
                // "<!-->" and "<!--->" end at once, as the tokenizer has it.
                var body = lt + 4;
                var close = text[body..].IndexOf("-->");
                return text[body..] is ['>', ..] ? body + 1 : text[body..] is ['-', '>', ..] ? body + 2 : close < 0 ? text.Length : body + close + 3;
            }

            var end = rest.StartsWith("![CDATA[") && InForeign ? "]]>" : ">";
            var at = rest.IndexOf(end);
            return at < 0 ? text.Length : lt + 1 + at + end.Length;
        }

        // The index after the tag's '>', skipping quoted attribute values (a '>' may stand in them); -1 at the end of the text.
        private int TagEnd(int from)
        {
            var text = html.AsSpan();
            var i = from;
            while (i < text.Length)
            {
                var next = text[i..].IndexOfAny('>', '=');
                if (next < 0)
                {
                    return -1;
                }

                i += next + 1;
                if (text[i - 1] == '>')
                {
                    return i;
                }

                while (i < text.Length && text[i] is ' ' or '\t' or '\n' or '\f' or '\r')
                {
                    i++;
                }

                if (i < text.Length && text[i] is '"' or '\'')
                {
                    var close = text[(i + 1)..].IndexOf(text[i]);
                    if (close < 0)
                    {
                        return -1;
                    }

                    i += close + 2;
                }
            }

            return -1;
        }

        private int RawTextEnd(ReadOnlySpan<char> name, int from)
        {
            // Up to the matching end tag: its content is text, whatever '<' it holds.
            var text = html.AsSpan();
            for (var i = from; i < text.Length;)
            {
                var next = text[i..].IndexOf("</");
                if (next < 0)
                {
                    return text.Length;
                }

                i += next + 2;
                if (text[i..].StartsWith(name, StringComparison.OrdinalIgnoreCase))
                {
                    return i - 2;
                }
            }

            return text.Length;
        }

        private int Open(int id, int lt, int tagEnd)
        {
            if (_open.Count >= maxDepth)
            {
                _dropped++;
                Cut(lt, tagEnd);
            }

            _open.Add(id);
            _openCount[id]++;
            return tagEnd;
        }

        private void Close(int id, int lt, int tagEnd)
        {
            // As the tree builder does for most end tags: close up to the nearest open element of that name, or do
            // nothing when there is none.
            if (_openCount[id] == 0)
            {
                return;
            }

            while (true)
            {
                var depth = _open.Count - 1;
                var open = _open[depth];
                _open.RemoveAt(depth);
                _openCount[open]--;
                if (open == id)
                {
                    if (depth >= maxDepth)
                    {
                        Cut(lt, tagEnd);
                    }

                    return;
                }
            }
        }

        // The name's id: a known one, one given to another name met before, or (for a start tag) a new one; -1 for an
        // end tag of a name never opened.
        private int Id(ReadOnlySpan<char> name, bool create)
        {
            if (KnownIds.TryGetValue(name, out var known))
            {
                return known;
            }

            var others = _otherIds.GetAlternateLookup<ReadOnlySpan<char>>();
            if (others.TryGetValue(name, out var other))
            {
                return other;
            }

            if (!create)
            {
                return -1;
            }

            var id = _openCount.Count;
            _openCount.Add(0);
            others[name] = id;
            return id;
        }

        private void Cut(int from, int to)
        {
            _output ??= new StringBuilder(html.Length);
            _output.Append(html, _copiedUpTo, from - _copiedUpTo);
            _copiedUpTo = to;
        }
    }
}
