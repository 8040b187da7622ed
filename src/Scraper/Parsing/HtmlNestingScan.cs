using System.Buffers;
using System.Text;

namespace Scraper.Parsing;

/// <summary>
/// The one pass of <see cref="HtmlDepthLimiter"/> over a page with more tags than the cap: tracks the open elements
/// that can nest, as the HTML tree builder opens and closes them, and cuts out the start and end tags of those that
/// would open beyond the cap.
/// </summary>
/// <param name="html">The page.</param>
/// <param name="maxDepth">The deepest nesting kept.</param>
internal sealed class HtmlNestingScan(string html, int maxDepth)
{
    private static readonly SearchValues<char> NameEnd = SearchValues.Create(" \t\n\f\r/>");

    // The open elements as name ids; one at index maxDepth or beyond is one whose tags are dropped.
    private readonly List<int> _open = [];

    // How many elements of each name are open (known names first, then the others as met), so that an end tag
    // closing nothing costs no scan of the stack.
    private readonly List<int> _openCount = [.. new int[HtmlTagNames.Nesting.Length]];
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
            HtmlTagNames.RawText => RawTextEnd(name, tagEnd),
            HtmlTagNames.Plaintext => text.Length,
            HtmlTagNames.Leaf => tagEnd,
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
        if (HtmlTagNames.KnownIds.TryGetValue(name, out var known))
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
