using System.Text;
using AngleSharp.Dom;
using Scraper.Parsing;

namespace Scraper.Tests.Parsing;

public sealed class HtmlDepthTests
{
    private static readonly Uri Url = new("https://a.test/page");

    private static string Repeat(string value, int count) => new StringBuilder(value.Length * count).Insert(0, value, count).ToString();

    private static int Depth(IDocument document) =>
        document.All.Max(element => element.GetAncestors().Count());

    [Fact]
    public void Parse_PageNested100000Deep_IsCutToTheCapAndStaysUsable()
    {
        // AngleSharp alone takes 45 s for this page (quadratic in the depth); cut to 512 it is linear.
        var html = "<html><body><div id=top class=outer>" + Repeat("<div class=level>", 100_000) + "<p class=deep>deep text</p>" + "</body></html>";
        var parser = new HtmlDocumentParser();

        var document = parser.Parse(html, Url);

        Assert.True(parser.IsDepthCapped(document));
        Assert.Equal(1, parser.DepthCappedPages);
        Assert.InRange(Depth(document), HtmlDocumentParserOptions.DefaultMaxDepth - 8, HtmlDocumentParserOptions.DefaultMaxDepth + 8);
        Assert.Equal("outer", document.QuerySelector("#top")?.ClassName);
        Assert.Equal("deep text", document.QuerySelector("p.deep")?.TextContent);
        Assert.Equal(HtmlDocumentParserOptions.DefaultMaxDepth - 1, document.QuerySelectorAll("div.level").Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(70_000 * 16)]
    public void Parse_NestedOneBeyondTheCapAtAnyOffset_IsCut(int padding)
    {
        // The tag count that lets most pages skip the scan is vectorised: a tag in the tail after the last whole
        // vector, or past a block of 65,535 vectors, must count.
        var html = new string(' ', padding) + Repeat("<b>", 4) + "x";
        var parser = new HtmlDocumentParser(new HtmlDocumentParserOptions { MaxDepth = 3 });

        var document = parser.Parse(html, Url);

        Assert.True(parser.IsDepthCapped(document));
        Assert.Equal(3, document.QuerySelectorAll("b").Length);
    }

    [Fact]
    public void Parse_AsManyTagsAsTheCap_IsNotScanned()
    {
        var parser = new HtmlDocumentParser(new HtmlDocumentParserOptions { MaxDepth = 3 });

        var document = parser.Parse(Repeat("<b>", 3) + "x", Url);

        Assert.False(parser.IsDepthCapped(document));
        Assert.Equal(3, document.QuerySelectorAll("b").Length);
    }

    [Fact]
    public void Parse_DeepNestingThatCloses_KeepsWhatFollowsAtItsLevel()
    {
        var html = "<body>" + Repeat("<div><span>x</span>", 20_000) + Repeat("</div>", 20_000) + "<p id=after>after</p></body>";
        var parser = new HtmlDocumentParser(new HtmlDocumentParserOptions { MaxDepth = 100 });

        var document = parser.Parse(html, Url);

        Assert.True(parser.IsDepthCapped(document));
        Assert.Equal("BODY", document.QuerySelector("#after")?.ParentElement?.TagName);
        // Spans beyond the cap lose their tags, not their text.
        Assert.Equal(20_000, document.Body!.TextContent.Count(c => c == 'x'));
        Assert.InRange(document.QuerySelectorAll("span").Length, 90, 100);
        Assert.InRange(Depth(document), 100, 110);
    }

    [Fact]
    public void Parse_ElementsClosedByTheirParentsEndTag_DoNotCountAsDepth()
    {
        // Unclosed spans, list items, paragraphs, links, void elements and self-closing SVG are closed (or never
        // opened) by the tree builder, so a long page of them is not deep and nothing is dropped.
        var page = "<body>" + Repeat("<div><span><b>x</div><ul><li>a<li>b</ul><p>t<a href=/x>l<br><img src=i.png><svg><path d='M0'/></svg>", 1_500) + "</body>";
        var parser = new HtmlDocumentParser(new HtmlDocumentParserOptions { MaxDepth = 64 });

        var document = parser.Parse(page, Url);

        Assert.False(parser.IsDepthCapped(document));
        Assert.Equal(3_000, document.QuerySelectorAll("li").Length);
    }

    [Fact]
    public void Parse_TagsInCommentsScriptsAndQuotedAttributes_AreNotCounted()
    {
        var page = "<body>"
            + Repeat("<!-- <div> --><script>var s = '<div><div>';</script><style>a>b{}</style><div title='a > <div>'>x</div><textarea><div></textarea>", 2_000)
            + "<![CDATA[<div>]]><div id=last>end</div></body>";
        var parser = new HtmlDocumentParser(new HtmlDocumentParserOptions { MaxDepth = 16 });

        var document = parser.Parse(page, Url);

        Assert.False(parser.IsDepthCapped(document));
        Assert.Equal("end", document.GetElementById("last")?.TextContent);
    }

    [Fact]
    public void Parse_AnOrdinaryPage_IsParsedAsItIs()
    {
        const string page = "<!doctype html><html><head><title>t</title></head><body><div><a href='/x'>x</a></div></body></html>";
        Assert.Same(page, HtmlDepthLimiter.Limit(page, 2, out var dropped));
        Assert.Equal(0, dropped);
    }

    [Fact]
    public void Options_MaxDepthBelowOne_IsRejectedNamingTheKey()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new HtmlDocumentParser(new HtmlDocumentParserOptions { MaxDepth = 0 }));
        Assert.Contains("MaxDepth", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ParseAsync_CancelledToken_StopsTheParse()
    {
        var parser = new HtmlDocumentParser();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => parser.ParseAsync("<p>x</p>"u8.ToArray(), Url, "text/html", cancelled.Token));
    }

    [Fact]
    public async Task ParseAsync_TokenCancelledDuringALongParse_StopsIt()
    {
        // Without the cap, 30,000 nested elements take AngleSharp seconds; AngleSharp checks the token as it reads,
        // so a budget of 50 ms ends the parse long before it would finish.
        var parser = new HtmlDocumentParser(new HtmlDocumentParserOptions { MaxDepth = int.MaxValue });
        var html = Repeat("<div>", 30_000);
        using var budget = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => parser.ParseAsync(html, Url, budget.Token));
    }
}
