using System.Text;
using Scraper.Parsing;

namespace Scraper.Tests.Parsing;

public sealed class CharsetDetectionTests
{
    private const string Russian = "Привет, мир";
    private static readonly Encoding Windows1251 = CharsetDetector.GetEncoding("windows-1251")!;

    private static byte[] Page(Encoding encoding, string head = "") =>
        encoding.GetBytes($"<html><head>{head}</head><body><p>{Russian}</p></body></html>");

    [Fact]
    public void Decoding_BomWinsOverTheHttpCharsetAndMeta()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. Page(Encoding.UTF8, "<meta charset=windows-1251>")];

        var (encoding, bom) = CharsetDetector.Detect(body, "text/html; charset=windows-1251", sniffHtmlMeta: true);

        Assert.Equal(65001, encoding.CodePage);
        Assert.Equal(3, bom);
        Assert.Contains(Russian, CharsetDetector.Decode(body, "text/html; charset=windows-1251", sniffHtmlMeta: true), StringComparison.Ordinal);
    }

    [Fact]
    public void Decoding_HttpCharsetWinsOverMeta()
    {
        var body = Page(Windows1251, "<meta charset=utf-8>");

        Assert.Contains(Russian, CharsetDetector.Decode(body, "text/html; charset=\"windows-1251\"", sniffHtmlMeta: true), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<meta charset=\"windows-1251\">")]
    [InlineData("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">")]
    [InlineData("<!-- <meta charset=utf-8> --><meta content='text/html;charset=cp1251' http-equiv=content-type>")]
    public void Decoding_MetaCharsetIsUsedWhenTheHeaderHasNone(string meta)
    {
        var body = Page(Windows1251, meta);

        Assert.Equal(1251, CharsetDetector.Detect(body, "text/html", sniffHtmlMeta: true).Encoding.CodePage);
        Assert.Contains(Russian, CharsetDetector.Decode(body, "text/html", sniffHtmlMeta: true), StringComparison.Ordinal);
    }

    [Fact]
    public void Decoding_Utf8IsTheDefault()
    {
        Assert.Equal(65001, CharsetDetector.Detect(Page(Encoding.UTF8), null, sniffHtmlMeta: true).Encoding.CodePage);
    }

    [Fact]
    public void Decoding_UnknownLabelFallsThroughToTheNextSource()
    {
        var body = Page(Windows1251, "<meta charset=windows-1251>");

        Assert.Equal(1251, CharsetDetector.Detect(body, "text/html; charset=x-no-such-charset", sniffHtmlMeta: true).Encoding.CodePage);
        Assert.Equal(65001, CharsetDetector.Detect(Page(Encoding.UTF8, "<meta charset=bogus>"), "text/html", sniffHtmlMeta: true).Encoding.CodePage);
    }

    [Theory]
    [InlineData("latin1", 1252)]
    [InlineData("ISO-8859-1", 1252)]
    [InlineData("us-ascii", 1252)]
    [InlineData("shift_jis", 932)]
    [InlineData("gb2312", 936)]
    [InlineData("x-cp1251", 1251)]
    [InlineData(" UTF8 ", 65001)]
    public void Decoding_LabelsFollowTheWhatwgEncodingStandard(string label, int codePage)
    {
        Assert.Equal(codePage, CharsetDetector.GetEncoding(label)!.CodePage);
    }

    [Fact]
    public void Decoding_MetaDeclaringUtf16IsReadAsUtf8()
    {
        var body = Page(Encoding.UTF8, "<meta charset=utf-16>");

        Assert.Equal(65001, CharsetDetector.Detect(body, null, sniffHtmlMeta: true).Encoding.CodePage);
    }

    [Fact]
    public void BadInput_UndecodableBytesBecomeReplacementCharactersNotAnError()
    {
        byte[] body = [.. "<p>ok "u8, 0xC3, 0x28, 0xFF, .. " end</p>"u8];

        var text = CharsetDetector.Decode(body, "text/html; charset=utf-8", sniffHtmlMeta: true);

        Assert.StartsWith("<p>ok ", text, StringComparison.Ordinal);
        Assert.Contains('\uFFFD', text);
        Assert.EndsWith(" end</p>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Decoding_ParsedDocumentKnowsItsUrlEncodingAndBaseHref()
    {
        var parser = new HtmlDocumentParser();
        var body = Windows1251.GetBytes($"<html><head><meta charset=windows-1251><base href=\"/static/\"></head><body><a href=\"x.html\">{Russian}</a></body></html>");

        var document = parser.Parse(body, new Uri("https://a.test/ru/page"), "text/html");

        Assert.Equal("https://a.test/ru/page", document.Url);
        Assert.Equal(Russian, document.QuerySelector("a")!.TextContent);
        Assert.Equal("https://a.test/static/x.html", ((AngleSharp.Html.Dom.IHtmlAnchorElement)document.QuerySelector("a")!).Href);
        Assert.Equal(1251, parser.EncodingOf(document).CodePage);
    }

    [Fact]
    public void Decoding_Utf8PagesAndForeignDocumentsSubmitUtf8()
    {
        var parser = new HtmlDocumentParser();
        var utf8 = parser.Parse(System.Text.Encoding.UTF8.GetBytes("<p>\u00e9</p>"), new Uri("https://a.test/"), "text/html; charset=utf-8");
        var foreign = new AngleSharp.Html.Parser.HtmlParser().ParseDocument("<p>x</p>");

        Assert.Equal(65001, parser.EncodingOf(utf8).CodePage);
        Assert.Equal(65001, parser.EncodingOf(foreign).CodePage);
    }

    [Fact]
    public void BadInput_MalformedHtmlStillParses()
    {
        var parser = new HtmlDocumentParser();

        var document = parser.Parse("<div><p>unclosed <b>bold <table><td>cell</div></span>", new Uri("https://a.test/"));

        Assert.Equal("cell", document.QuerySelector("td")!.TextContent);
    }
}
