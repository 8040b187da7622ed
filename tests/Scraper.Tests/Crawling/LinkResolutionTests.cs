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
}
