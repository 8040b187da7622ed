using System.Runtime.CompilerServices;
using Scraper.Crawling;
using Scraper.Crawling.Scheduling;
using Scraper.Testing;

namespace Scraper.Tests.Crawling;

/// <summary>
/// Links resolved without <see cref="Uri"/> (the fast path of <see cref="Response.Follow(string, ParseCallback?, object?)"/>) must be exactly what
/// <see cref="Uri"/> makes of them: same URL, same canonical form, same fingerprint as a request built from a Uri.
/// </summary>
public sealed class LinkResolutionTests
{
    public static TheoryData<string, string> SimpleLinks => new()
    {
        { "http://Shop.TEST:80/product/1.html", "/category/home/" },
        { "http://shop.test/product/1.html", "2-blue-chair.html" },
        { "http://shop.test/product/", "2-blue-chair.html" },
        { "http://shop.test", "a/b/c" },
        { "https://shop.test:8443/a/b?page=2", "/x_y~z" },
        { "https://shop.test:443/a/b", "c.d.e/" },
        { "http://127.0.0.1:18080/p/q", "/" },
        { "http://[::1]:8080/p/q", "r" },
        { "http://xn--bcher-kva.test/p/q", "r" },
        { "http://shop.test/caf%C3%A9/x", "y" },
        { "http://shop.test/a/", "file." },
        { "http://shop.test/a/", "b./c" },
        { "http://shop.test/a/", "...." },
    };

    public static TheoryData<string> OtherLinks => new()
    {
        "", "?page=2", "//other.test/x", "../up", "./here", "a/../b", "a/.", "a//b", "/a%20b", "mailto:x@shop.test",
        "javascript:void(0)", "HTTP://shop.test/x", "a b", "caf\u00e9", "a\\b", "tel:123",
    };

    [Theory]
    [MemberData(nameof(SimpleLinks))]
    public void SimpleLink_ResolvesAsUriDoes(string page, string href)
    {
        var baseUrl = new Uri(page);
        var expected = new Uri(baseUrl, href);

        var canonical = LinkBase.For(baseUrl)!.TryResolve(href);

        Assert.Equal(expected.AbsoluteUri, canonical);
        Assert.Equal(CanonicalUrl.Of(expected), canonical);
        var fast = new Request(new RequestLocation(canonical!, LinkBase.For(baseUrl)!.Host), callback: null);
        Assert.Equal(RequestFingerprint.Compute(new Request(expected)), RequestFingerprint.Compute(fast));
        Assert.Equal(expected, fast.Url);
        Assert.Equal(expected.IdnHost, fast.Host);
        Assert.Equal(new Request(expected), fast);
        Assert.Equal(new Request(expected).GetHashCode(), fast.GetHashCode());
    }

    [Theory]
    [MemberData(nameof(OtherLinks))]
    public void OtherLink_IsLeftToUri(string href) =>
        Assert.Null(LinkBase.For(new Uri("http://shop.test/a/b"))!.TryResolve(href));

    [Fact]
    public void PageWithUserInfo_IsLeftToUri() =>
        Assert.Null(LinkBase.For(new Uri("http://user:secret@shop.test/a")));

    private sealed record Seen(string Url, int Depth);

    private sealed class SpellingsSpider : Spider
    {
        public override IEnumerable<string> StartUrls => ["http://shop.test/dir/start.html"];

        public override async IAsyncEnumerable<object> ParseAsync(Response response, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return new Seen(response.Url.AbsoluteUri, response.Depth);
            foreach (var request in response.FollowAll("a[href]"))
            {
                yield return request;
            }

            await Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Follow_EverySpellingOfAPageIsOneRequest()
    {
        // The same two pages, each written five ways: simple links (fast path), fragments, dot segments, an
        // absolute URL with upper-case host and default port (Uri), plus links that are not followed at all.
        var site = new CannedResponses()
            .Html("http://shop.test/dir/start.html", """
                <a href="next.html">1</a><a href="/dir/next.html">2</a><a href="next.html#top">3</a>
                <a href="./next.html">4</a><a href="HTTP://SHOP.test:80/dir/next.html">5</a>
                <a href=" /other/x.html ">1</a><a href="../other/x.html">2</a><a href="/other/./x.html#a">3</a>
                <a href="http://shop.test/other/x.html">4</a><a href="../dir/../other/x.html">5</a>
                <a href="#">self</a><a href="mailto:a@shop.test">mail</a><a href="javascript:void(0)">js</a>
                """)
            .Html("http://shop.test/dir/next.html", "<p>next</p>")
            .Html("http://shop.test/other/x.html", "<a href=\"/dir/next.html\">back</a>");

        var result = await SpiderTest.RunAsync(new SpellingsSpider(), site);

        Assert.Equal(
            [new Seen("http://shop.test/dir/start.html", 0), new Seen("http://shop.test/dir/next.html", 1), new Seen("http://shop.test/other/x.html", 1)],
            result.ItemsOf<Seen>().OrderBy(s => s.Depth).ThenBy(s => s.Url, StringComparer.Ordinal));
        Assert.Equal(3, result.Stats.Responses);
        // Eleven links followed from the start page (not mailto: or javascript:) and one back from x.html: two new
        // pages; the other eight spellings, "#" (the start page) and the link back are duplicates.
        Assert.Equal(10, result.Stats.DroppedRequests["duplicate"]);
    }
    public static TheoryData<string, string, string> WhatwgLinks => new()
    {
        // ASCII tab and newline are removed wherever they stand.
        { "http://shop.test/a/b", "/x\ty\nz\r", "http://shop.test/xyz" },
        { "http://shop.test/a/b", "ne\n  xt.html", "http://shop.test/a/ne%20%20xt.html" },
        // Leading and trailing C0 controls and spaces are stripped; other white space is not.
        { "http://shop.test/a/b", "\u0001 \u001f/x \u0000", "http://shop.test/x" },
        { "http://shop.test/a/b", "\u00a0x", "http://shop.test/a/%C2%A0x" },
        // Spaces in the path and query become %20, non-ASCII its UTF-8 escapes.
        { "http://shop.test/a/b", "/a b/c d?e f", "http://shop.test/a%20b/c%20d?e%20f" },
        { "http://shop.test/a/b", "café", "http://shop.test/a/caf%C3%A9" },
        // Dot segments are resolved, never above the root.
        { "http://shop.test/a/b/c", "../../x", "http://shop.test/x" },
        { "http://shop.test/a/b/c", "../../../../x/./y", "http://shop.test/x/y" },
        // IPv6 literals are kept.
        { "http://[::1]:8080/a/b", "c", "http://[::1]:8080/a/c" },
        { "http://shop.test/a/b", "http://[2001:db8::1]:8080/p/../q", "http://[2001:db8::1]:8080/q" },
    };

    [Theory]
    [MemberData(nameof(WhatwgLinks))]
    public void Link_ResolvesAsTheWhatwgUrlParserDoes(string page, string href, string expected)
    {
        var baseUrl = new Uri(page);

        Assert.True(LinkBase.TryPrepare(href, out var link));
        var resolved = LinkBase.For(baseUrl)!.TryResolve(link) ?? LinkBase.Resolve(baseUrl, link)?.AbsoluteUri;

        Assert.Equal(expected, resolved);
    }

    public static TheoryData<string, string> EscapedLinks => new()
    {
        { "/%zz", "http://shop.test/%zz" },
        { "/a%4", "http://shop.test/a%4" },
        { "/p?q=%zz&r=%4", "http://shop.test/p?q=%zz&r=%4" },
        { "/caf%C3%A9/%7e", "http://shop.test/caf%C3%A9/%7e" },
        { "//other.test/%zz x\t", "http://other.test/%zz%20x" },
        { "../%41/./b%", "http://shop.test/%41/b%" },
    };

    [Theory]
    [MemberData(nameof(EscapedLinks))]
    public void Link_PercentEscapesAreLeftAsWrittenValidOrNot(string href, string expected)
    {
        Assert.True(LinkBase.TryPrepare(href, out var link));
        var resolved = LinkBase.Resolve(new Uri("http://shop.test/a/b"), link);

        // What the request hands to the session is the browser's text; Uri's own view of it keeps one fingerprint.
        Assert.Equal(expected, resolved?.OriginalString);
        Assert.Equal(new Uri(expected).AbsoluteUri, resolved?.AbsoluteUri);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData(" java\tscript:alert(1)")]
    [InlineData("JAVASCRIPT:void(0)")]
    [InlineData("data:text/html,<p>x</p>")]
    [InlineData("mailto:a@shop.test")]
    [InlineData("tel:+1")]
    public void Link_OtherSchemesAreNotFollowed(string href)
    {
        Assert.True(LinkBase.TryPrepare(href, out var link));
        Assert.Null(LinkBase.Resolve(new Uri("http://shop.test/a"), link));
    }

    [Fact]
    public void Link_LongerThanTheLimitIsRefusedAndA10KBOneIsFollowed()
    {
        var longPath = "/" + new string('a', 10 * 1024);
        Assert.True(LinkBase.TryPrepare(longPath, out var link));
        Assert.Equal("http://shop.test" + longPath, LinkBase.For(new Uri("http://shop.test/"))!.TryResolve(link));

        Assert.False(LinkBase.TryPrepare("/" + new string('a', LinkBase.MaxUrlLength), out _));
    }

    private sealed class OddLinksSpider : Spider
    {
        public override IEnumerable<string> StartUrls => ["http://shop.test/start"];

        public override async IAsyncEnumerable<object> ParseAsync(Response response, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var requests = response.FollowAll("a[href]").ToList();
            yield return new Seen(response.Url.AbsoluteUri, response.LinksTooLong);
            foreach (var request in requests)
            {
                yield return request;
            }

            await Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Follow_OddLinksAreReadAsBrowsersReadThem()
    {
        var tooLong = "/" + new string('x', LinkBase.MaxUrlLength + 1);
        var site = new CannedResponses()
            .Html("http://shop.test/start", $"""
                <a href="/ne&#9;xt">tab</a><a href="&#10; /%zz ">escape</a><a href="javascript:alert(1)">js</a>
                <a href="data:text/html,x">data</a><a href="{tooLong}">long</a>
                """)
            .Html("http://shop.test/next", "<p>next</p>")
            .Html("http://shop.test/%zz", "<p>escape</p>");

        var result = await SpiderTest.RunAsync(new OddLinksSpider(), site);

        // "%zz" goes on the wire as written, as a browser sends it (Uri alone would send %25zz).
        Assert.Equal(["http://shop.test/%zz", "http://shop.test/next", "http://shop.test/robots.txt", "http://shop.test/start"], result.Requests.Select(url => url.AbsoluteUri).Order(StringComparer.Ordinal));
        Assert.Equal(0, result.Stats.ErrorCount);
        Assert.Contains(new Seen("http://shop.test/start", 1), result.ItemsOf<Seen>());
    }
}
